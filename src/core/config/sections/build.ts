// The build stage's container image (docs/images.md): a base image from disk, the release appended
// as one deterministic layer, written as an OCI layout under .specgate/images/<run-id>/.
import { z } from 'zod';
import { PROJECT_PATH_PATTERN } from '../bounds.js';

/**
 * `transport:` then a path confined like every other configured path (relative, no `..`): a pattern,
 * so the published JSON Schema and the generated validator refuse `oci:/etc/x` and `oci:../..` too.
 */
export const BASE_IMAGE_PATTERN = new RegExp(`^(?:oci|oci-archive|docker-archive):${PROJECT_PATH_PATTERN.source.slice(1)}`);

export const imageSchema = z.strictObject({
  base: z
    .string()
    .min(1)
    .regex(BASE_IMAGE_PATTERN, { message: 'must be oci:DIR[:TAG], oci-archive:FILE[:TAG] or docker-archive:FILE with a path inside the project (relative, no ..)' })
    .describe('Base image on disk, inside the project: oci:DIR[:TAG], oci-archive:FILE[:TAG] or docker-archive:FILE.'),
  name: z
    .string()
    .min(1)
    .optional()
    .describe('Repository the image is published under (no tag), e.g. registry.example/team/app; default localhost/<name>.'),
  workdir: z.string().startsWith('/').default('/app').describe('Where the release is placed in the image; also the WorkingDir.'),
  user: z.string().min(1).default('65532:65532').describe('User the process runs as (non-root by default).'),
  port: z.number().int().min(1).max(65535).optional().describe('Port the service listens on (PORT, ExposedPorts); default deploy.kubernetes.containerPort or 8080.'),
  env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string()).default({}).describe('Extra environment variables (never secrets: the config is public).'),
  source: z.string().url().optional().describe('org.opencontainers.image.source label, e.g. the repository URL.'),
  platform: z.string().regex(/^[a-z0-9]+\/[a-z0-9]+$/).default('linux/amd64').describe('Platform picked when the base is a multi-platform index.'),
  readOnlyRootFilesystem: z.boolean().default(true).describe('Kubernetes: mount the root filesystem read-only (set false if the service writes to it).'),
});

export const buildSchema = z
  .strictObject({
    image: imageSchema.optional().describe('Build a container image from the release (no Docker daemon needed).'),
  })
  .default({});

export type ImageConfig = z.infer<typeof imageSchema>;
