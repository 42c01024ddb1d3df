/* Officials' dashboard: the weekly trend against the targets and the map (ECharts, vendored). */
(function () {
  "use strict";
  var el = document.getElementById("dashboard-data");
  if (!el || typeof echarts === "undefined") { return; }
  var data = JSON.parse(el.textContent);
  var lang = (document.documentElement.lang || "zh-hans").toLowerCase();
  var english = lang.indexOf("en") === 0;
  var colours = ["#0b5d3b", "#d97706", "#2563eb", "#7c3aed"];

  var trendEl = document.getElementById("trend-chart");
  if (trendEl) {
    var weeks = {};
    Object.keys(data.trend).forEach(function (ind) {
      data.trend[ind].forEach(function (p) { weeks[p.week] = true; });
    });
    var axis = Object.keys(weeks).sort();
    var series = Object.keys(data.trend).map(function (ind, i) {
      var byWeek = {};
      data.trend[ind].forEach(function (p) { byWeek[p.week] = p.share; });
      var lines = data.targets.filter(function (t) { return t.industry === ind; }).map(function (t) {
        return {
          yAxis: t.share,
          name: t.label + " " + t.year,
          label: { formatter: t.label + " " + t.year + ": " + t.share + "%", position: "insideEndTop", fontSize: 10 },
          lineStyle: { type: t.scope === "city" ? "solid" : "dashed", color: colours[i % colours.length], opacity: 0.6 }
        };
      });
      return {
        name: data.industries[ind] || ind,
        type: "line",
        smooth: false,
        symbolSize: 6,
        itemStyle: { color: colours[i % colours.length] },
        data: axis.map(function (w) { return w in byWeek ? byWeek[w] : null; }),
        markLine: { symbol: "none", silent: true, data: lines }
      };
    });
    var trend = echarts.init(trendEl);
    trend.setOption({
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : v + "%"; } },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: { type: "category", data: axis },
      yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      series: series
    });
    window.addEventListener("resize", function () { trend.resize(); });
  }

  var mapEl = document.getElementById("map-chart");
  if (mapEl && echarts.getMap && echarts.getMap("济宁")) {
    var rc = { red: "#dc3545", yellow: "#f0ad00", green: "#198754" };
    var map = echarts.init(mapEl);
    map.setOption({
      tooltip: { trigger: "item", formatter: function (p) { return p.seriesType === "scatter" ? p.name + "<br>" + p.seriesName : p.name; } },
      legend: { top: 0 },
      geo: { map: "济宁", roam: true, itemStyle: { areaColor: "#eef4f0", borderColor: "#8aa99a" }, label: { show: true, fontSize: 10, color: "#567" }, emphasis: { label: { show: true } } },
      series: []
    });
    map.on("click", function (p) {
      if (p.data && p.data.url) { window.location.href = p.data.url; }
    });
    window.addEventListener("resize", function () { map.resize(); });
    // the plants come apart from the page (every plant of the city: the page's one part that
    // grows with it), so the figures above never wait for them
    map.showLoading({ text: "" });
    fetch(mapEl.getAttribute("data-points-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (got) {
        map.hideLoading();
        map.setOption({
          series: ["red", "yellow", "green"].map(function (r) {
            return {
              name: data.ratings[r],
              type: "scatter",
              coordinateSystem: "geo",
              symbolSize: function (v, p) { return Math.max(8, Math.min(22, Math.sqrt(p.data.capacity / 20000))); },
              itemStyle: { color: rc[r], borderColor: "#fff", borderWidth: 1 },
              data: got.points.filter(function (p) { return p.rating === r; }).map(function (p) {
                return { name: english && p.name_en ? p.name_en : p.name, value: p.value, capacity: p.capacity, url: p.url };
              })
            };
          })
        });
        mapEl.setAttribute("data-points", String(got.points.length));
      })
      .catch(function () {
        map.hideLoading();
        var note = document.querySelector("[data-testid=map-error]");
        if (note) { note.hidden = false; }
      });
  }
})();
