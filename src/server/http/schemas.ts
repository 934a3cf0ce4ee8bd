/** Schemas shared by every route. */
import { z } from 'zod';

export const ErrorBody = z.object({
  error: z.string(),
  message: z.string(),
  details: z.array(z.object({
    field: z.string().optional(),
    row: z.number().optional(),
    column: z.string().optional(),
    value: z.string().optional(),
    message: z.string(),
  })),
});
