/**
 * Fills the camera and microphone pickers with the browser's devices, keeping the current
 * choice (labels appear once the page has camera/microphone permission).
 */
export async function fillDevicePickers(camera: HTMLSelectElement, microphone: HTMLSelectElement) {
  const devices = await navigator.mediaDevices.enumerateDevices();
  for (const [select, kind] of [
    [camera, 'videoinput'],
    [microphone, 'audioinput'],
  ] as const) {
    const current = select.value;
    select.replaceChildren(
      ...devices
        .filter((d) => d.kind === kind)
        .map((d, i) => new Option(d.label || `${kind} ${i + 1}`, d.deviceId, false, d.deviceId === current)),
    );
  }
}
