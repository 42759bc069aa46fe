// The benchmark's ceiling: bare node:http that parses the JSON body and answers JSON, nothing else.
import { createServer } from 'node:http';

let counter = 0;
const server = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    counter++;
    const answer = JSON.stringify({
      data: {
        executeWorkflow: {
          status: 'success',
          result: { url: body.variables?.payload?.url },
          requestId: String(counter),
        },
      },
    });
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(answer);
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
