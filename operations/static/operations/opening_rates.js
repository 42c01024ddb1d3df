/* Weekly kiln opening rates with the peak-shifting windows shaded (ECharts, vendored). */
(function () {
  "use strict";
  var el = document.getElementById("opening-data");
  var box = document.getElementById("opening-chart");
  if (!el || !box || typeof echarts === "undefined") { return; }
  var data = JSON.parse(el.textContent);
  var weekOf = function (iso) {
    // the Monday on or before a date, as the axis holds Mondays
    var d = new Date(iso + "T00:00:00");
    var shift = (d.getDay() + 6) % 7;
    d.setDate(d.getDate() - shift);
    var m = String(d.getMonth() + 1).padStart(2, "0");
    var day = String(d.getDate()).padStart(2, "0");
    return d.getFullYear() + "-" + m + "-" + day;
  };
  var first = data.weeks[0], last = data.weeks[data.weeks.length - 1];
  var areas = data.windows.map(function (w) {
    var from = weekOf(w[1]), to = weekOf(w[2]);
    if (from < first) { from = first; }
    if (to > last) { to = last; }
    return [{ name: w[0], xAxis: from }, { xAxis: to }];
  }).filter(function (a) { return a[0].xAxis <= a[1].xAxis && a[0].xAxis <= last && a[1].xAxis >= first; });
  var narrow = box.clientWidth < 600;
  var chart = echarts.init(box);
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null || v === undefined ? "—" : v + "%"; } },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: narrow ? 56 : 36, bottom: 56 },
    xAxis: { type: "category", data: data.weeks, axisLabel: { formatter: function (v) { return v.slice(5); } } },
    yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
    dataZoom: [{ type: "inside" }, { type: "slider", height: 18, bottom: 8 }],
    series: [
      {
        name: data.labels.lines, type: "line", step: "middle", connectNulls: false,
        itemStyle: { color: "#0b5d3b" }, data: data.lines,
        markArea: {
          silent: true, itemStyle: { color: "rgba(37, 99, 235, 0.12)" },
          label: { show: !narrow, color: "#1e3a8a", fontSize: 11 }, data: areas
        }
      },
      { name: data.labels.capacity, type: "line", step: "middle", itemStyle: { color: "#d97706" }, data: data.capacity }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
