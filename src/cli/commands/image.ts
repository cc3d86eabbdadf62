// `specgate image push`: export the image a run built (build.image) for `skopeo copy` to a registry.
import { examples, printJson, type RegisterCommand } from '../context.js';

interface PushOptions {
  readonly to: string;
  readonly json?: boolean;
}

export const registerImage: RegisterCommand = (program, ctx) => {
  const image = program
    .command('image')
    .description('The container image a run built (build.image in specgate.yaml; docs/images.md).')
    .addHelpText(
      'after',
      examples(
        ['specgate image push --to oci-archive:app.tar', 'export the latest run image for podman load / skopeo'],
        ['specgate image push --to oci:out/layout', 'export it with its cosign signature artifact'],
      ),
    );
  image
    .command('push')
    .summary('export a run image to an OCI layout or oci-archive, for skopeo copy')
    .description(
      "Export a run's image to an OCI layout folder (with its cosign signature artifact, tag\n" +
        'sha256-<hex>.sig) or to an oci-archive file (the image alone, as podman load wants it),\n' +
        'checking every blob against its digest. specgate talks to no registry: `skopeo copy` takes it\n' +
        'from there. The image keeps its digest.',
    )
    .argument('[run]', "run id (YYYYMMDDHHMMSS) or 'latest'", 'latest')
    .requiredOption('--to <target>', 'oci:DIR[:TAG] or oci-archive:FILE[:TAG] (TAG defaults to the run id)')
    .option('--json', 'print what was exported as JSON')
    .addHelpText(
      'after',
      examples(
        ['specgate image push --to oci-archive:app.tar', 'the latest run image, for podman load or skopeo'],
        ['specgate image push 20250924140440 --to oci:out/layout:v1', 'one run, into an OCI layout folder as tag v1'],
        ['skopeo copy oci:out/layout:v1 docker://registry.example/team/app:v1', 'then push it (and the sha256-<hex>.sig tag) to a registry'],
      ),
    )
    .action(async (run: string, options: PushOptions) => {
      const path = await import('node:path');
      const { nodeImagePorts } = await import('../compose-image.js');
      const { loadProject } = await import('../../app/project.js');
      const { locateRun } = await import('../../app/deploy/locate.js');
      const { readRunImage } = await import('../../app/image/run-image.js');
      const { pushImage } = await import('../../app/image/push.js');
      const { ImageError } = await import('../../core/image/errors.js');
      const ports = nodeImagePorts();
      const { fs } = ports;
      const project = await loadProject(fs, ctx.cwd);
      const located = await locateRun(fs, path.resolve(project.root, project.config.reports), run);
      const record = await readRunImage(fs, located.runDir);
      if (record === undefined) {
        throw new ImageError('IMAGE_NOT_BUILT', `run ${located.runId} built no image (no image.json)`, { path: located.runDir, hint: 'configure build.image in specgate.yaml and run the pipeline' });
      }
      const result = await pushImage({ root: project.root, record, to: options.to, cwd: ctx.cwd }, ports);
      if (options.json) printJson(ctx, result);
      else {
        ctx.stdout(`exported ${result.reference}\n  to ${result.to} (${result.blobs} blobs)\n`);
        if (result.signatureTag !== null) ctx.stdout(`  cosign signature as tag ${result.signatureTag}\n`);
      }
      ctx.exitCode = 0;
    });
};
