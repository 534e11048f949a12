// What the API says of the gateway nodes it places calls among (GET /v1/internal/gateway-nodes),
// for rigs that run real gateways announcing themselves.
import type { z } from 'zod';
import { GatewayNodeListSchema } from '../../../protocol/api/gateway-announcement.ts';

export type ListedGatewayNode = z.infer<typeof GatewayNodeListSchema>['nodes'][number];

/** The nodes the API at `apiUrl` places calls among now, by id. */
export async function listGatewayNodes(
  apiUrl: string,
  serviceToken: string,
): Promise<Map<string, ListedGatewayNode>> {
  const res = await fetch(`${apiUrl}/v1/internal/gateway-nodes`, {
    headers: { authorization: `Bearer ${serviceToken}` },
  });
  if (res.status !== 200) throw new Error(`GET gateway-nodes: ${res.status} ${await res.text()}`);
  const { nodes } = GatewayNodeListSchema.parse(await res.json());
  return new Map(nodes.map((node) => [node.nodeId, node]));
}
