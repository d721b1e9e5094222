import autocannon from 'autocannon';
const [path, seconds, cookie] = process.argv.slice(2);
let n = 0;
const r = await autocannon({ url: 'http://127.0.0.1:4555', connections: 50, duration: Number(seconds), requests: [{
  method: path === 'reply' ? 'POST' : 'GET',
  headers: { 'content-type': 'application/json', cookie, origin: 'http://127.0.0.1:4555' },
  setupRequest: (req) => ({ ...req, path: path === 'reply' ? `/api/topics/${1 + Math.floor(Math.random() * 199000)}/posts` : path.replace('RAND', String(1 + Math.floor(Math.random() * 199000))), ...(path === 'reply' ? { body: JSON.stringify({ body: `Bench reply ${++n}` }) } : {}) }),
}] });
console.log(path, 'rps', r.requests.average, 'p50', r.latency.p50, 'p99', r.latency.p99, 'non2xx', r.non2xx, 'errors', r.errors);
