/* tidings dashboard charts: each page embeds its data as JSON; this draws it with the bundled ECharts. */
(function () {
  "use strict";
  var QUAD_COLORS = ["#7f8794", "#2f8f5b", "#11643a", "#d9822b", "#b3261e"];
  var charts = [];

  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  function make(id) {
    var el = document.getElementById(id);
    if (!el || typeof echarts === "undefined") return null;
    var chart = echarts.init(el, null, { renderer: "svg" });
    charts.push(chart);
    return chart;
  }
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });

  function overview() {
    var d = data("data-quad"), chart = d && make("chart-quad");
    if (!chart) return;
    chart.setOption({
      color: QUAD_COLORS,
      tooltip: { trigger: "axis" },
      legend: { top: 0, type: "scroll" },
      grid: { left: 40, right: 16, top: 60, bottom: 30 },
      xAxis: { type: "category", data: d.periods },
      yAxis: { type: "value", name: "events", minInterval: 1 },
      series: d.names.map(function (name, q) {
        return { name: name, type: "bar", stack: "all", data: d.series[q], emphasis: { focus: "series" } };
      })
    });
  }

  function periodEnd(start, by) {
    var d = new Date(start + "T00:00:00Z");
    if (by === "week") d.setUTCDate(d.getUTCDate() + 6);
    if (by === "month") d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0));
    if (by === "year") d = new Date(Date.UTC(d.getUTCFullYear(), 11, 31));
    return d.toISOString().slice(0, 10);
  }

  function dyad() {
    var d = data("data-dyad"), chart = d && make("chart-dyad");
    if (!chart) return;
    var s = d.series, both = s.directions[d.a + "<->" + d.b] || { cooperation: [], conflict: [], share: [] };
    var ab = s.directions[d.a + "->" + d.b], ba = s.directions[d.b + "->" + d.a];
    var gold = [[d.a + "→" + d.b, ab], [d.b + "→" + d.a, ba], ["both", both]].filter(function (x) { return x[1]; });
    chart.setOption({
      color: ["#2f8f5b", "#b3261e", "#0b5cad", "#8a4fbf", "#1d2330", "#d9822b"],
      tooltip: { trigger: "axis" },
      legend: { top: 0, type: "scroll" },
      axisPointer: { link: [{ xAxisIndex: "all" }] },
      grid: [{ left: 48, right: 48, top: 60, height: "44%" }, { left: 48, right: 48, top: "70%", bottom: 30 }],
      xAxis: [{ type: "category", data: s.periods, gridIndex: 0, axisLabel: { show: false } },
              { type: "category", data: s.periods, gridIndex: 1 }],
      yAxis: [{ type: "value", name: "events", minInterval: 1, gridIndex: 0 },
              { type: "value", name: "Goldstein", min: -10, max: 10, gridIndex: 0, splitLine: { show: false } },
              { type: "value", name: "share", gridIndex: 1, axisLabel: { formatter: function (v) { return Math.round(v * 100) + "%"; } } }],
      series: [
        { name: "cooperation", type: "bar", stack: "events", data: both.cooperation, xAxisIndex: 0, yAxisIndex: 0 },
        { name: "conflict", type: "bar", stack: "events", data: both.conflict, xAxisIndex: 0, yAxisIndex: 0 }
      ].concat(gold.map(function (g) {
        return { name: "Goldstein " + g[0], type: "line", data: g[1].goldstein, connectNulls: true,
                 xAxisIndex: 0, yAxisIndex: 1, symbolSize: 7 };
      })).concat([{ name: "share of all their events", type: "line", data: both.share, xAxisIndex: 1,
                    yAxisIndex: 2, areaStyle: { opacity: 0.15 }, connectNulls: true }])
    });
    function drill(index) {
      var start = s.periods[index], end = periodEnd(start, d.by), box = document.getElementById("drill");
      var q = new URLSearchParams({ dyad: d.a + "," + d.b, from: start, to: end, fragment: "1", limit: "200" });
      var head = document.createElement("p"), strong = document.createElement("strong");
      strong.textContent = d.a + "–" + d.b + ", " + start + (end !== start ? " to " + end : "");
      head.appendChild(strong);
      box.textContent = "Loading the events of " + start + "…";
      fetch("/events?" + q.toString()).then(function (r) { return r.text(); }).then(function (html) {
        box.innerHTML = html;  /* the server's own escaped HTML fragment */
        box.insertBefore(head, box.firstChild);
        box.setAttribute("data-period", start);
      });
    }
    chart.on("click", function (p) { if (p.dataIndex != null) drill(p.dataIndex); });
    document.querySelectorAll("button.drill").forEach(function (b) {
      b.addEventListener("click", function () {
        drill(+b.getAttribute("data-index"));
        document.getElementById("drill").scrollIntoView();
      });
    });
  }

  /* A ring of the 110m outline that crosses the antimeridian (Russia's far east, Fiji) jumps from +180 to -180
     and would draw a line across the whole map: its points on the far side are pinned to the edge instead. */
  function unwrap(geometry) {
    var polys = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
    polys.forEach(function (poly) {
      poly.forEach(function (ring) {
        var east = 0, west = 0;
        ring.forEach(function (p) { if (p[0] > 170) east++; if (p[0] < -170) west++; });
        if (!east || !west) return;
        ring.forEach(function (p) {
          if (east >= west && p[0] < 0) p[0] = 180;
          if (east < west && p[0] > 0) p[0] = -180;
        });
      });
    });
  }

  function map() {
    var points = data("data-map"), chart = points && make("chart-map");
    if (!chart) return;
    fetch("/static/vendor/countries-110m.json").then(function (r) { return r.json(); }).then(function (world) {
      var geo = topojson.feature(world, world.objects.countries);
      geo.features = geo.features.filter(function (f) { return f.properties.name !== "Antarctica"; });
      geo.features.forEach(function (f) { unwrap(f.geometry); });
      echarts.registerMap("world", geo);
      var max = points.reduce(function (m, p) { return Math.max(m, p.events); }, 1);
      chart.setOption({
        tooltip: { trigger: "item", formatter: function (p) {
          var esc = echarts.format.encodeHTML;  /* names come from articles: text, never markup */
          return p.data ? esc(p.data.name + " (" + (p.data.country || "?") + "): " + p.data.value[2] + " events")
            : esc(p.name);
        } },
        geo: { map: "world", roam: true, layoutCenter: ["50%", "50%"], layoutSize: "100%", itemStyle: { areaColor: "#e8ebf0", borderColor: "#a9b1bf" },
               emphasis: { itemStyle: { areaColor: "#d5dbe5" }, label: { show: false } } },
        series: [{ type: "scatter", coordinateSystem: "geo", itemStyle: { color: "#b3261e", opacity: 0.7 },
          symbolSize: function (v) { return 4 + (chart.getWidth() < 600 ? 12 : 25) * Math.sqrt(v[2] / max); },
          data: points.map(function (p) {
            return { name: p.name, country: p.country, value: [p.lon, p.lat, p.events] };
          }) }]
      });
    });
  }

  function network() {
    var d = data("data-network"), chart = d && make("chart-network");
    if (!chart) return;
    var n = d.partners.length, max = d.partners.reduce(function (m, p) { return Math.max(m, p.events); }, 1);
    var nodes = [{ name: d.name || d.actor, x: 0, y: 0, symbolSize: 40, itemStyle: { color: "#0b5cad" } }];
    var links = [];
    d.partners.forEach(function (p, i) {
      var angle = 2 * Math.PI * i / Math.max(n, 1), color = p.goldstein > 0 ? "#2f8f5b" : p.goldstein < 0 ? "#b3261e" : "#7f8794";
      nodes.push({ name: p.partner, x: Math.cos(angle) * 100, y: Math.sin(angle) * 100,
                   symbolSize: 12 + 24 * Math.sqrt(p.events / max), itemStyle: { color: color },
                   value: p.events });
      links.push({ source: 0, target: i + 1, value: p.events,
                   lineStyle: { width: 1 + 6 * p.events / max, color: color, opacity: 0.6 } });
    });
    chart.setOption({
      tooltip: { formatter: function (p) {
        return p.dataType === "edge" ? p.value + " events" : echarts.format.encodeHTML(p.name);
      } },
      series: [{ type: "graph", layout: "none", roam: true, data: nodes, links: links,
                 label: { show: true, position: "right" }, emphasis: { focus: "adjacency" } }]
    });
  }

  overview(); dyad(); map(); network();
}());
