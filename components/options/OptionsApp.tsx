export function OptionsApp() {
  return (
    <main>
      <h1>Inbox Pulse</h1>
    </main>
  );
}
