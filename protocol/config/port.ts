import { z } from 'zod';

/** A TCP/UDP port given as a number or a numeric string (0 asks the OS for a free one). */
export const PortSchema = z.coerce.number().int().min(0).max(65535);
