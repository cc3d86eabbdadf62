// What building and exporting an image take: where image bytes come from (ImageSources) and the
// file system the layouts are written through. Wired by a composition root (src/cli/compose-image.ts).
import type { ImageSources } from '../../core/image/ports.js';
import type { FileSystem } from '../../core/ports.js';

export interface ImagePorts {
  readonly fs: FileSystem;
  readonly images: ImageSources;
}
