import net from 'node:net';

/** A port LeadCast listens on, named by the setting that chooses it. */
export interface Listener {
  setting: string;
  host: string;
  port: number;
}

/**
 * One line saying why `listener` could not be bound, in words an operator acts on, e.g.
 * "Cannot start: port 1935 on 0.0.0.0 (RTMP_PORT) is already in use by another program; …".
 */
export function listenProblem(err: NodeJS.ErrnoException, listener: Listener): string {
  const where = `port ${listener.port} on ${listener.host} (${listener.setting})`;
  if (err.code === 'EADDRINUSE')
    return `Cannot start: ${where} is already in use by another program; stop it or set ${listener.setting} to a free port.`;
  if (err.code === 'EACCES')
    return `Cannot start: ${where} needs privileges this process does not have; set ${listener.setting} to a port above 1023.`;
  if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND')
    return `Cannot start: ${listener.host} is not an address of this machine (${where}).`;
  return `Cannot start: cannot listen on ${where}: ${err.message}`;
}

function tryBind(listener: Listener): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => resolve(err));
    probe.listen({ port: listener.port, host: listener.host, exclusive: true }, () =>
      probe.close(() => resolve(null)),
    );
  });
}

/**
 * Checks every port before anything listens, so a taken port stops the start with one
 * line instead of a stack trace after the first server is already up. Returns that line
 * for the first port that cannot be bound, or null. Port 0 (any free port) always binds.
 */
export async function portProblem(listeners: readonly Listener[]): Promise<string | null> {
  for (const listener of listeners) {
    if (listener.port === 0) continue;
    const err = await tryBind(listener);
    if (err) return listenProblem(err, listener);
  }
  return null;
}
