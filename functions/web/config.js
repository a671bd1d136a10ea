// Where the HTTP API is. Empty: the same origin (the embedded host serves the client and the API together).
// When the client is deployed as static files next to the Functions app, set apiBase to the app's URL,
// e.g. "https://platform-func-abc123.azurewebsites.net", and add the client's origin to the API's CORS origins.
export default {
  apiBase: "",
};
