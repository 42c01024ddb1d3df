/* A point's time series: one ECharts line chart per parameter, with the ULE value and the
   baseline as dashed lines and anomaly flags as shaded bands (data from json_script). */
(function () {
  "use strict";
  var el = document.getElementById("monitoring-data");
  if (!el || typeof echarts === "undefined") return;
  var data = JSON.parse(el.textContent);
  var charts = [];
  data.series.forEach(function (s) {
    var box = document.querySelector('.monitoring-chart[data-series="' + s.key + '"]');
    if (!box) return;
    var lines = [];
    if (s.ule !== null) lines.push({ yAxis: s.ule, name: data.labels.ule, lineStyle: { color: "#198754", type: "dashed" }, label: { position: "insideEndTop", formatter: data.labels.ule + " {c}" } });
    if (s.baseline !== null) lines.push({ yAxis: s.baseline, name: data.labels.baseline, lineStyle: { color: "#dc3545", type: "dashed" }, label: { position: "insideEndBottom", formatter: data.labels.baseline + " {c}" } });
    var mine = data.flags.filter(function (f) { return f.parameter === s.key; });
    var areas = [];
    mine.forEach(function (f) {
      if (data.resolution === "hour") {
        areas.push([{ name: f.rule, xAxis: f.start }, { xAxis: f.end }]);
      } else {  /* daily means: a flag marks its day(s) with a vertical line */
        lines.push({ xAxis: f.start.slice(0, 10), name: f.rule, lineStyle: { color: "#fd7e14", type: "solid", width: 2 }, label: { position: "insideEndTop", formatter: f.rule } });
      }
    });
    var max = Math.max.apply(null, s.points.map(function (p) { return p[1] || 0; }).concat([s.ule || 0, s.baseline || 0]));
    var chart = echarts.init(box);
    chart.setOption({
      animation: false,
      grid: { left: 48, right: 16, top: 16, bottom: 40 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: s.points.map(function (p) { return p[0]; }) },
      yAxis: { type: "value", name: s.unit, max: Math.ceil(max * 1.15) || null },
      dataZoom: [{ type: "inside" }],
      series: [{
        name: s.name, type: "line", showSymbol: false, connectNulls: false,
        data: s.points.map(function (p) { return p[1]; }),
        markLine: { symbol: "none", silent: true, data: lines },
        markArea: { itemStyle: { color: "rgba(255, 193, 7, 0.25)" }, label: { fontSize: 10 }, data: areas }
      }]
    });
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
