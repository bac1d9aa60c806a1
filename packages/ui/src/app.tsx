// The triage UI is its own issue (#7). Until it lands, the shell says what is running and where the API is.
export function App() {
  return (
    <main
      style={{
        font: '15px system-ui, sans-serif',
        maxWidth: '40rem',
        margin: '4rem auto',
        padding: '0 1rem',
      }}
    >
      <h1>Faultline</h1>
      <p>
        The server is running. The triage UI is not built yet; the JSON API lives under <code>/api</code> (see
        the README).
      </p>
    </main>
  );
}
