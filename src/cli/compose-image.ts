// The image area's composition root: base images, layouts and release archives read from disk
// (src/adapters/image/sources.ts) and the atomic Node file system, for `specgate image push`.
// The build stage gets the same ImageSources through stageAdapters in compose.ts.
import { nodeImageSources } from '../adapters/image/sources.js';
import { NodeFileSystem } from '../adapters/node-fs.js';
import type { ImagePorts } from '../app/image/ports.js';

export function nodeImagePorts(): ImagePorts & { readonly fs: NodeFileSystem } {
  return { fs: new NodeFileSystem(), images: nodeImageSources };
}
