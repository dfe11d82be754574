// Baseline for the foundation benchmark: a bare Fastify app with one JSON route, run in
// its own process exactly like LeadCast, so both are measured under the same conditions.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/hello', async () => ({ hello: 'world' }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
console.log('ready');
