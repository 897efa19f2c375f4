// Draws every chart of the page with ECharts from its data-chart spec (no inline script: the CSP
// forbids it). A drawn chart gets data-rendered="N" (N series), a failed one data-chart-error.
(function () {
  'use strict';
  function palette() { return ['#2f6fb0', '#e07b39', '#3f9e5a', '#b04a6f', '#7a5cc2', '#8c8c8c']; }
  var compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
  var plain = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
  function axis(name) { return { type: 'value', name: name, axisLabel: { formatter: function (v) { return compact.format(v); } } }; }
  function options(spec) {
    var base = { color: palette(), animation: false, tooltip: { trigger: spec.type === 'scatter' || spec.type === 'heatmap' ? 'item' : 'axis',
        valueFormatter: function (v) { return typeof v === 'number' ? plain.format(v) : v; } },
      grid: { left: 70, right: 20, top: 30, bottom: 60 } };
    if (spec.type === 'bar') {
      base.legend = { top: 0 };
      base.xAxis = { type: 'category', data: spec.categories, axisLabel: { rotate: spec.categories.length > 8 ? 40 : 0 } };
      var two = spec.series.some(function (s) { return s.axis === 1; });
      base.yAxis = two ? [axis(spec.series[0].name), axis(spec.series.filter(function (s) { return s.axis === 1; })[0].name)] : axis();
      base.series = spec.series.map(function (s) {
        return s.axis === 1 ? { name: s.name, type: 'line', yAxisIndex: 1, data: s.data } : { name: s.name, type: 'bar', data: s.data };
      });
    } else if (spec.type === 'line') {
      base.legend = { top: 0 };
      base.xAxis = { type: 'category', data: spec.x };
      base.yAxis = axis();
      base.series = spec.series.map(function (s, i) {
        var line = { name: s.name, type: 'line', showSymbol: false, data: s.data };
        if (i === 0 && spec.marker) {
          line.markLine = { symbol: 'none', data: [{ xAxis: spec.marker, label: { formatter: 'calibration end' } }] };
        }
        return line;
      });
    } else if (spec.type === 'scatter') {
      base.legend = { top: 0 };
      base.xAxis = axis(spec.xName); base.xAxis.scale = true;
      base.yAxis = axis(spec.yName); base.yAxis.scale = true;
      base.series = spec.series.map(function (s) { return { name: s.name, type: 'scatter', symbolSize: 4, data: s.data }; });
      if (typeof spec.xCut === 'number' && typeof spec.yCut === 'number' && base.series.length) {
        // the quadrant's cut lines: the thresholds the relationship groups were made with
        base.series[0].markLine = { symbol: 'none', silent: true, lineStyle: { color: '#333', type: 'dashed' },
          data: [{ xAxis: spec.xCut, label: { formatter: spec.xCutLabel || '', position: 'insideEndTop' } }, { yAxis: spec.yCut, label: { formatter: spec.yCutLabel || '', position: 'insideEndTop' } }] };
      }
    } else if (spec.type === 'heatmap') {
      var max = 1;
      spec.data.forEach(function (d) { if (d[2] > max) { max = d[2]; } });
      base.xAxis = { type: 'category', data: spec.x, axisLabel: { rotate: 40 } };
      base.yAxis = { type: 'category', data: spec.y };
      base.grid.bottom = 90;
      base.visualMap = { min: 0, max: max, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120,
        text: ['more', 'fewer purchases'] };
      base.series = [{ name: 'purchases', type: 'heatmap', data: spec.data, label: { show: true } }];
    } else {
      throw new Error('unknown chart type ' + spec.type);
    }
    return base;
  }
  function draw(root) {
    var nodes = (root || document).querySelectorAll('[data-chart]');
    Array.prototype.forEach.call(nodes, function (el) {
      if (el.getAttribute('data-rendered')) { return; }
      try {
        var spec = JSON.parse(el.getAttribute('data-chart'));
        var chart = echarts.init(el, null, { renderer: 'canvas' });
        chart.setOption(options(spec));
        el.setAttribute('data-rendered', String(chart.getOption().series.length));
        window.addEventListener('resize', function () { chart.resize(); });
      } catch (e) {
        el.setAttribute('data-chart-error', String(e && e.message));
      }
    });
  }
  document.addEventListener('DOMContentLoaded', function () {
    draw(document);
    // htmx: send the session's CSRF token with every request it makes.
    document.body.addEventListener('htmx:configRequest', function (ev) {
      ev.detail.headers['X-CSRF-Token'] = document.body.getAttribute('data-csrf');
    });
    document.body.addEventListener('htmx:afterSwap', function (ev) { draw(ev.target); });
  });
}());
