// The Kubernetes base (infra/deploy/k8s/base/) as podman 4.3's `kube play` runs it on one
// host. The files are played as written, with three differences, each asserted to apply:
// - the images carry the tag build-images.sh gave them (an overlay's `images:` in a cluster);
// - names get a per-run prefix, so two runs on one host never meet;
// - the Secret volume becomes a host folder: podman 4.3 crashes on Secret volumes (a nil
//   pointer in kube.VolumeFromSource); env from Secrets works, from a podman secret holding
//   the Secret's `data` as a JSON object of base64 values (`podman secret create NAME FILE`).
// ConfigMaps come in the same YAML: podman mounts ConfigMap volumes only from there.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../infra/rig/run-dir.ts';

const baseDir = join(REPO_ROOT, 'infra/deploy/k8s/base');

/** The `resources:` kustomization.yaml lists (plain file names, one per line). */
function baseResources(): string[] {
  const text = readFileSync(join(baseDir, 'kustomization.yaml'), 'utf8');
  const list = /^resources:\n((?:\s+- .+\n)+)/m.exec(text)?.[1];
  if (!list) throw new Error('infra/deploy/k8s/base/kustomization.yaml lists no resources');
  return list
    .trim()
    .split('\n')
    .map((line) => line.replace(/^\s*- /, '').trim());
}

function replaceExactly(text: string, pattern: RegExp, by: string, count: number, what: string) {
  const found = text.match(pattern)?.length ?? 0;
  if (found !== count) throw new Error(`${what}: expected ${count} match(es), found ${found}`);
  return text.replace(pattern, by);
}

export interface PlayableOptions {
  /** The images' tag. */
  tag: string;
  /** Replaces `click-to-call-` in every name. */
  namePrefix: string;
  /** The host folder standing for the Secret volume (its files: signing-keys.json...). */
  secretFilesDir: string;
}

/** Each base file (api.yaml, gateway.yaml), ready for `podman kube play`. */
export function playableManifests(options: PlayableOptions): Map<string, string> {
  const files = new Map<string, string>();
  for (const file of baseResources()) {
    let text = readFileSync(join(baseDir, file), 'utf8');
    text = replaceExactly(
      text,
      /(image: localhost\/click-to-call\/[a-z]+):latest/g,
      `$1:${options.tag}`,
      1,
      `${file}: image`,
    );
    const secretVolumes = (text.match(/^\s+secret:\n/gm) ?? []).length;
    text = replaceExactly(
      text,
      /^(\s+)secret:\n\s+secretName: \S+\n\s+defaultMode: \S+\n/gm,
      `$1hostPath:\n$1  path: ${options.secretFilesDir}\n$1  type: Directory\n`,
      secretVolumes,
      `${file}: secret volumes`,
    );
    files.set(file, text.replaceAll('click-to-call-', options.namePrefix));
  }
  return files;
}

/** A ConfigMap (values as YAML double-quoted scalars, which JSON strings are). */
export function configMapYaml(name: string, data: Record<string, string>): string {
  const entries = Object.entries(data).map(([key, value]) => `  ${key}: ${JSON.stringify(value)}`);
  return ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: ${name}`, 'data:', ...entries]
    .join('\n')
    .concat('\n');
}
