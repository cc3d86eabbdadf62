// The CI export's image step (docs/images.md): after the job that runs the build stage, the run's
// image and its cosign signature artifact go to a registry with skopeo, keeping the digest the
// evidence names. Skipped when no repository is given or the run built no image (build.image unset).

/** Shell of the step; the registry password reaches skopeo on stdin, never on a command line. */
export const PUSH_IMAGE = [
  'if [ -z "$SPECGATE_IMAGE_REPOSITORY" ]; then echo "no image repository (input image-repository): skipped"; exit 0; fi',
  'out="$RUNNER_TEMP/specgate-image"',
  'if ! specgate image push "$SPECGATE_RUN_ID" --to "oci:$out:$SPECGATE_RUN_ID" --json > "$RUNNER_TEMP/specgate-image.json"; then',
  '  echo "::warning::run $SPECGATE_RUN_ID built no image (build.image) or it could not be exported: nothing pushed"; exit 0',
  'fi',
  'if [ -n "$REGISTRY_USERNAME" ]; then skopeo login --username "$REGISTRY_USERNAME" --password-stdin "${SPECGATE_IMAGE_REPOSITORY%%/*}" <<< "$REGISTRY_PASSWORD"; fi',
  'skopeo copy "oci:$out:$SPECGATE_RUN_ID" "docker://$SPECGATE_IMAGE_REPOSITORY:$SPECGATE_RUN_ID"',
  'sig=$(node -p \'require(process.argv[1]).signatureTag || ""\' "$RUNNER_TEMP/specgate-image.json")',
  'if [ -n "$sig" ]; then skopeo copy "oci:$out:$sig" "docker://$SPECGATE_IMAGE_REPOSITORY:$sig"; fi',
].join('\n');

export const IMAGE_INPUT = {
  'image-repository': { description: 'Registry repository the run image is pushed to with skopeo (= build.image.name); empty: no push', type: 'string', required: false, default: '' },
};

export const IMAGE_SECRETS = {
  SPECGATE_REGISTRY_USERNAME: { description: 'User for the image registry (skopeo login), if it needs one', required: false },
  SPECGATE_REGISTRY_PASSWORD: { description: 'Password or token for the image registry', required: false },
};

/** The step, for the job whose stages include build; `runId` is the job's expression for the run id. */
export function imagePushStep(runId: string): Record<string, unknown> {
  return {
    name: 'Push the image (skopeo)',
    run: PUSH_IMAGE,
    env: {
      SPECGATE_RUN_ID: runId,
      SPECGATE_IMAGE_REPOSITORY: '${{ inputs.image-repository }}',
      REGISTRY_USERNAME: '${{ secrets.SPECGATE_REGISTRY_USERNAME }}',
      REGISTRY_PASSWORD: '${{ secrets.SPECGATE_REGISTRY_PASSWORD }}',
    },
  };
}
