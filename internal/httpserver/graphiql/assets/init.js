// Starts GraphiQL on this server's /graphql. A script file of its own, as the
// page's Content-Security-Policy allows no inline script.
(function () {
  var fetcher = GraphiQL.createFetcher({ url: new URL("/graphql", window.location.href).href });
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(React.createElement(GraphiQL, { fetcher: fetcher, defaultEditorToolsVisibility: true }));
})();
