// Stacked bar chart of self-inspection states per station; data comes from a json_script tag.
(function () {
  var holder = document.getElementById("progress-chart");
  var source = document.getElementById("chart-data");
  if (!holder || !source || typeof echarts === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var chart = echarts.init(holder, null, { renderer: "svg" });
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0 },
    grid: { left: 40, right: 20, top: 40, bottom: 60 },
    xAxis: {
      type: "category",
      data: data.stations,
      axisLabel: { rotate: data.stations.length > 6 ? 30 : 0 },
    },
    yAxis: { type: "value", minInterval: 1 },
    // One colour per state, in the order of SelfInspection.Status: not started, draft,
    // submitted, returned, accepted.
    color: data.colors || ["#adb5bd", "#9ec5fe", "#ffc107", "#dc3545", "#198754"],
    series: data.series.map(function (s) {
      return { name: s.name, type: "bar", stack: "total", data: s.data, barMaxWidth: 48 };
    }),
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
