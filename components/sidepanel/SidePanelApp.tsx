export function SidePanelApp() {
  return (
    <main>
      <h1>Inbox Pulse</h1>
    </main>
  );
}
