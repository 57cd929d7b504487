// The fact-check page: POST the pasted text to /api/factcheck and show the claims, both
// highlighted in the text and as a table. User text only ever reaches the page through
// textContent, never as markup.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function show(v) {
    if (v === null || v === undefined) return "-";
    if (typeof v === "boolean") return v ? "yes" : "no";
    if (typeof v === "number") return Math.abs(v) < 10 && !Number.isInteger(v) ? String(Math.round(v * 10000) / 10000) : v.toLocaleString("en-US");
    return String(v);
  }

  // A predicted range is no more precise than three significant digits.
  function sig3(v) {
    return Number(v.toPrecision(3)).toLocaleString("en-US");
  }

  // Offsets are in Unicode code points, as Array.from counts them.
  function annotate(text, claims) {
    const chars = Array.from(text);
    const box = $("annotated");
    box.replaceChildren();
    const order = claims.map((c, i) => [c, i]).sort((a, b) => a[0].span.start - b[0].span.start || a[1] - b[1]);
    let pos = 0;
    for (const [c, i] of order) {
      if (c.span.start < pos) {
        box.appendChild(el("sup", i + 1));
        continue;
      }
      box.appendChild(document.createTextNode(chars.slice(pos, c.span.start).join("")));
      const m = el("mark", chars.slice(c.span.start, c.span.end).join(""), c.verdict);
      m.title = c.verdict + ": " + c.quantity + " — " + c.reason;
      m.appendChild(el("sup", i + 1));
      box.appendChild(m);
      pos = c.span.end;
    }
    box.appendChild(document.createTextNode(chars.slice(pos).join("")));
  }

  function table(claims) {
    const body = $("claims").querySelector("tbody");
    body.replaceChildren();
    claims.forEach((c, i) => {
      const tr = el("tr");
      const cells = [i + 1, c.quote, c.subject || "?", c.quantity, show(c.claimed)];
      cells.forEach((v) => tr.appendChild(el("td", v)));
      tr.appendChild(el("td", c.verdict, c.verdict));
      const has = c.reference_low != null && c.reference_high != null
        ? `${sig3(c.reference_low)}–${sig3(c.reference_high)} predicted`
        : show(c.reference);
      [has, c.grade || "-", c.date || "-", c.source || "-", c.reason].forEach((v) => tr.appendChild(el("td", v)));
      body.appendChild(tr);
    });
  }

  async function check() {
    $("error").textContent = "";
    const text = $("article").value;
    const req = { text: text };
    if ($("as_of").value) req.as_of = $("as_of").value;
    if ($("to").value.trim()) req.to = $("to").value.trim();
    try {
      const resp = await fetch("/api/factcheck", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(req) });
      const v = await resp.json();
      if (!resp.ok) {
        $("error").textContent = v.error || ("HTTP " + resp.status);
        return;
      }
      const s = v.summary;
      $("summary").textContent = s.claims + " claims: " + s.consistent + " consistent, " + s.inconsistent + " inconsistent, " + s.unverifiable + " unverifiable";
      annotate(text, v.claims);
      table(v.claims);
    } catch (e) {
      $("error").textContent = String(e);
    }
  }

  $("go").addEventListener("click", check);
  fetch("/api/editions").then((r) => r.json()).then(() => { document.body.dataset.ready = "true"; }, () => { document.body.dataset.ready = "error"; });
})();
