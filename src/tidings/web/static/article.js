/* The article view: the text with every coded span highlighted, the events beside it, and the paste box. */
(function () {
  "use strict";
  var KINDS = ["actor", "trigger", "quote", "amount", "place"];

  function spansOf(doc) {
    var out = [], seen = {};
    function add(kind, span, label) {
      if (!span || span[0] == null || span[1] == null || span[1] <= span[0]) return;
      var key = kind + ":" + span[0] + ":" + span[1];
      if (seen[key]) return;
      seen[key] = true;
      out.push({ kind: kind, start: span[0], end: span[1], label: label });
    }
    function who(a) {
      return a ? (a.name || a.text) + (a.country ? " · " + a.country : "") + (a.sector ? " " + a.sector : "") : "";
    }
    (doc.actors || []).forEach(function (a) { add("actor", a.span, "actor: " + who(a)); });
    (doc.events || []).forEach(function (e, i) {
      add("trigger", e.spans && e.spans.trigger, "event " + (i + 1) + ": " + e.cameo + " " + e.cameo_name);
    });
    (doc.quotes || []).forEach(function (q) { add("quote", q.span, "quote of " + who(q.speaker)); });
    (doc.amounts || []).forEach(function (m) {
      add("amount", m.span, "amount: " + m.value + (m.unit ? " " + m.unit : "") + (m.object ? " " + m.object : ""));
    });
    var ctx = doc.context || doc;  /* a stored article keeps places under "context"; /api/code at the top */
    (ctx.locations || []).forEach(function (p) {
      (p.spans || []).forEach(function (s) { add("place", s, "place: " + p.name + (p.country ? " · " + p.country : "")); });
    });
    if (ctx.dateline && ctx.dateline.span) add("place", ctx.dateline.span, "dateline: " + ctx.dateline.name);
    return out;
  }

  /* Spans nest (a quote holds actors, an actor's phrase holds a place): build the tree; a span that crosses
     another's edge is dropped rather than cut, so every mark's text is exactly text[start:end]. */
  function tree(spans) {
    var order = { quote: 0, actor: 1, place: 2, amount: 3, trigger: 4 };
    spans.sort(function (a, b) { return a.start - b.start || b.end - a.end || order[a.kind] - order[b.kind]; });
    var root = { start: -1, end: Infinity, children: [] }, stack = [root];
    spans.forEach(function (s) {
      while (stack[stack.length - 1].end <= s.start) stack.pop();
      var top = stack[stack.length - 1];
      if (s.end > top.end) return;
      s.children = [];
      top.children.push(s);
      stack.push(s);
    });
    return root;
  }

  function render(node, text, from, to, parent) {
    var at = from;
    node.children.forEach(function (c) {
      if (c.start > at) parent.appendChild(document.createTextNode(text.slice(at, c.start)));
      var mark = document.createElement("mark");
      mark.className = "hl hl-" + c.kind;
      mark.title = c.label;
      mark.setAttribute("data-start", c.start);
      mark.setAttribute("data-end", c.end);
      render(c, text, c.start, c.end, mark);
      parent.appendChild(mark);
      at = c.end;
    });
    if (to > at) parent.appendChild(document.createTextNode(text.slice(at, to)));
  }

  function eventLine(e) {
    function side(a) { return a ? (a.name || a.text) + (a.country ? " (" + a.country + ")" : "") : "—"; }
    return side(e.source) + " → " + e.cameo + " " + e.cameo_name + " → " + side(e.target) +
      (e.modality && e.modality !== "asserted" ? " [" + e.modality + "]" : "");
  }

  function show(doc, text) {
    var box = document.getElementById("article-text"), list = document.getElementById("coded-events");
    box.textContent = "";
    render(tree(spansOf(doc)), text, 0, text.length, box);
    list.textContent = "";
    (doc.events || []).forEach(function (e) {
      var li = document.createElement("li"), b = document.createElement("button");
      b.type = "button";
      b.className = "link";
      b.textContent = eventLine(e);
      b.addEventListener("click", function () {
        var t = e.spans && e.spans.trigger;
        var mark = t && box.querySelector('mark.hl-trigger[data-start="' + t[0] + '"]');
        box.querySelectorAll("mark.current").forEach(function (m) { m.classList.remove("current"); });
        if (mark) { mark.classList.add("current"); mark.tabIndex = -1; mark.focus(); }
      });
      li.appendChild(b);
      var p = document.createElement("p");
      p.className = "meta";
      p.textContent = "QuadClass " + e.quad_class + " · Goldstein " + e.goldstein + " · confidence " + e.confidence +
        (e.plover ? " · PLOVER " + e.plover : "");
      li.appendChild(p);
      list.appendChild(li);
    });
    if (!(doc.events || []).length) {
      var none = document.createElement("li");
      none.className = "none";
      none.textContent = "No event coded in this text.";
      list.appendChild(none);
    }
    document.getElementById("article-view").hidden = false;
  }

  function legend() {
    var box = document.getElementById("article-text");
    document.querySelectorAll(".legend input[data-kind]").forEach(function (cb) {
      function apply() { box.classList.toggle("show-" + cb.getAttribute("data-kind"), cb.checked); }
      cb.addEventListener("change", apply);
      apply();
    });
  }

  function paste() {
    var form = document.getElementById("paste-form"), status = document.getElementById("paste-status");
    var file = document.getElementById("paste-file"), area = document.getElementById("paste-text");
    file.addEventListener("change", function () {
      if (!file.files.length) return;
      file.files[0].text().then(function (t) {
        area.value = t;
        status.textContent = "Read " + file.files[0].name + ".";
      });
    });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var text = area.value.replace(/\r\n?/g, "\n"), button = document.getElementById("paste-submit");
      var body = { text: text, date: document.getElementById("paste-date").value };
      var title = document.getElementById("paste-title").value.trim();
      if (title) body.title = title;
      button.disabled = true;
      status.textContent = "Coding…";
      fetch("/api/code", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
        .then(function (r) {
          return r.json().catch(function () { return {}; }).then(function (j) { return { ok: r.ok, status: r.status, json: j }; });
        })
        .then(function (res) {
          if (!res.ok) {
            var why = res.json.reason || res.json.error || res.json.detail;
            status.textContent = "Not coded (" + res.status + "): " + (typeof why === "string" ? why : JSON.stringify(why));
            return;
          }
          show(res.json, text);
          document.getElementById("article-title").textContent = title || "Pasted article";
          document.getElementById("article-meta").textContent = body.date + " · " + (res.json.events || []).length + " events (not stored)";
          status.textContent = "Coded: " + (res.json.events || []).length + " events.";
          document.getElementById("article-view").scrollIntoView();
        })
        .catch(function (err) { status.textContent = "The server did not answer: " + err.message; })
        .then(function () { button.disabled = false; });
    });
  }

  var data = document.getElementById("data-article");
  legend();
  if (data) {
    var doc = JSON.parse(data.textContent);
    show(doc, doc.text);
  }
  paste();
}());
