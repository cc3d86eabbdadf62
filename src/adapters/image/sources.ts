// The Node implementation of the ImageSources port (src/core/image/ports.ts): base images and
// layouts read from disk (confined, bounded, every blob checked), release archives parsed by the
// strict tar reader the deploy uses.
import type { ImageSources } from '../../core/image/ports.js';
import { readTarGz } from '../deploy/tar.js';
import { readBaseImage } from './base-image.js';
import { layoutStore } from './blob-store.js';

export const nodeImageSources: ImageSources = { readBaseImage, layout: layoutStore, readRelease: readTarGz };
