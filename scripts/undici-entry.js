// What dist/ bundles for `import … from 'undici'` (scripts/build.js maps the name here):
// only the parts src/ uses. undici's own index.js loads every feature it has (fetch,
// WebSocket, cookies, caches, mocks …), which took ~80 ms of every request-making command;
// this loads the dispatchers, the request API and the errors. The build checks that every
// name src/ imports from 'undici' is exported here. An ES module, so that the bundle's
// chunk for it has named exports for `await import('undici')`.

import api from 'undici/lib/api/index.js';
import errors from 'undici/lib/core/errors.js';
import util from 'undici/lib/core/util.js';
import Agent from 'undici/lib/dispatcher/agent.js';
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js';
import EnvHttpProxyAgent from 'undici/lib/dispatcher/env-http-proxy-agent.js';
import Pool from 'undici/lib/dispatcher/pool.js';
import globalDispatcher from 'undici/lib/global.js';

// As undici's index.js does: dispatcher.request(), .stream() … on every dispatcher.
Object.assign(Dispatcher.prototype, api);

/** undici's top-level `request(url, options)`, as its index.js builds it (without opts.path). */
function request(url, opts) {
  if (!url || (typeof url !== 'string' && typeof url !== 'object')) throw new errors.InvalidArgumentError('invalid url');
  if (opts != null && typeof opts !== 'object') throw new errors.InvalidArgumentError('invalid opts');
  if (opts?.path != null) throw new errors.InvalidArgumentError('opts.path is not supported here: put the path into the url');
  const options = opts ?? (typeof url === 'object' ? url : {});
  const parsed = util.parseURL(url);
  const { agent, dispatcher = globalDispatcher.getGlobalDispatcher() } = options;
  if (agent) throw new errors.InvalidArgumentError('unsupported opts.agent. Did you mean opts.client?');
  return api.request.call(dispatcher, {
    ...options,
    origin: parsed.origin,
    path: parsed.search ? `${parsed.pathname}${parsed.search}` : parsed.pathname,
    method: options.method || (options.body ? 'PUT' : 'GET'),
  });
}

export { Agent, Dispatcher, EnvHttpProxyAgent, errors, Pool, request };
