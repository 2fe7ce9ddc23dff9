// The oversight dashboard's charts: the data comes from the json_script tag "oversight-charts"
// (one entry per chart, by key); each chart saves itself as a PNG (toolbox) and opens the list
// behind a bar or point when clicked.
(function () {
  var source = document.getElementById("oversight-charts");
  if (!source || typeof echarts === "undefined") {
    return;
  }
  var charts = JSON.parse(source.textContent);
  var colours = ["#0d6efd", "#fd7e14", "#198754", "#6f42c1", "#dc3545", "#20c997"];
  var drawn = [];
  document.querySelectorAll(".oversight-chart[data-chart]").forEach(function (holder) {
    var data = charts[holder.getAttribute("data-chart")];
    if (!data) {
      return;
    }
    var horizontal = data.kind === "hbar";
    var category = {
      type: "category",
      data: data.categories,
      axisLabel: horizontal ? { width: 110, overflow: "truncate" } : { rotate: data.categories.length > 5 ? 30 : 0, interval: 0 },
      inverse: horizontal,
    };
    var value = { type: "value", minInterval: 1, max: data.unit === "%" ? 100 : null };
    var chart = echarts.init(holder, null, { renderer: "canvas" });
    chart.setOption({
      animation: false,
      color: colours,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0, show: data.series.length > 1 },
      toolbox: {
        right: 0,
        feature: { saveAsImage: { name: data.key, title: "PNG", pixelRatio: 2, backgroundColor: "#fff" } },
      },
      grid: { left: horizontal ? 120 : 40, right: horizontal ? 50 : 20, top: 36, bottom: 50 },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? category : value,
      series: data.series.map(function (s) {
        return {
          name: s.name,
          type: data.kind === "line" ? "line" : "bar",
          stack: data.kind === "stack" ? "total" : undefined,
          data: s.data,
          barMaxWidth: 40,
          label: horizontal ? { show: true, position: "right", formatter: "{c}" + (data.unit || "") } : undefined,
        };
      }),
    });
    chart.on("click", function (event) {
      var link = data.links && data.links[event.dataIndex];
      if (link) {
        window.location.href = link;
      }
    });
    drawn.push(chart);
  });
  window.addEventListener("resize", function () {
    drawn.forEach(function (chart) { chart.resize(); });
  });
})();
