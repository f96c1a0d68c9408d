// The token prompt of a web view that listens off loopback: opens /?token=... (the page then keeps the token in
// sessionStorage and takes it out of the address bar). A token kept from before is tried once, automatically.
'use strict';
(function () {
  const url = new URL(window.location.href);
  const given = url.searchParams.get('token');
  const kept = sessionStorage.getItem('plc-token');
  if (given) { document.getElementById('wrong').hidden = false; sessionStorage.removeItem('plc-token'); }
  else if (kept) { window.location.replace('/?token=' + encodeURIComponent(kept)); return; }
  document.getElementById('form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    const t = document.getElementById('token').value.trim();
    if (t) window.location.replace('/?token=' + encodeURIComponent(t));
  });
})();
