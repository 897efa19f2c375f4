/*
 * Rapport report charts. Reads the JSON block #report-data and draws each element that has a
 * data-chart attribute with the inlined ECharts (SVG renderer: sharp when printed or zoomed).
 * On success <body> gets data-charts-rendered="N"; on failure data-chart-error="message", so a
 * headless browser check can tell the difference.
 */
(function () {
  'use strict';
  var ACTUAL = '#1f2933';
  var PREDICTED = '#2563eb';
  var BAR = '#5b8def';
  var number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

  function fmt(v) {
    return v === null || v === undefined || typeof v !== 'number' ? '\u2013' : number.format(v);
  }

  function base() {
    return {
      animation: false,
      textStyle: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif' },
      grid: { left: 16, right: 24, top: 48, bottom: 40, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: fmt }
    };
  }

  function valueAxis(name) {
    return {
      type: 'value', name: name, nameTextStyle: { color: '#616e7c', align: 'left' },
      axisLabel: { formatter: fmt }, splitLine: { lineStyle: { color: '#eef0f3' } }
    };
  }

  function categoryAxis(labels, name, boundaryGap) {
    return {
      type: 'category', data: labels, boundaryGap: boundaryGap, name: name,
      nameLocation: 'middle', nameGap: 28, nameTextStyle: { color: '#616e7c' },
      axisTick: { alignWithLabel: true }
    };
  }

  function line(name, values, color, dashed, symbols) {
    return {
      name: name, type: 'line', data: values, connectNulls: false,
      showSymbol: symbols, symbolSize: 7, itemStyle: { color: color },
      lineStyle: { color: color, width: 2, type: dashed ? 'dashed' : 'solid' }
    };
  }

  function tracking(t) {
    var o = base();
    o.grid.right = 48; // room for the last date label
    o.legend = { top: 0, data: ['Actual', 'Predicted'] };
    o.xAxis = categoryAxis(t.labels, 'Period ending', false);
    o.yAxis = valueAxis('Cumulative repeat transactions');
    var predicted = line('Predicted', t.predicted, PREDICTED, true, false);
    if (t.marker !== null) {
      predicted.markLine = {
        silent: true, symbol: 'none',
        lineStyle: { color: '#9aa5b1', type: 'solid', width: 1.5 },
        label: { formatter: t.markerLabel, position: 'insideEndTop', color: '#616e7c' },
        data: [{ xAxis: t.marker }]
      };
    }
    o.series = [line('Actual', t.actual, ACTUAL, false, false), predicted];
    return o;
  }

  function conditional(c) {
    var o = base();
    o.legend = { top: 0, data: ['Actual', 'Predicted'] };
    o.xAxis = categoryAxis(c.labels, 'Purchases in the calibration period', false);
    o.yAxis = valueAxis('Mean purchases in the holdout');
    o.tooltip.formatter = function (items) {
      // The tooltip is HTML: escape the bucket label, which comes from the data.
      var esc = echarts.format.encodeHTML;
      var i = items[0].dataIndex;
      var lines = [esc(c.labels[i]) + ' calibration purchases (' + fmt(c.customers[i]) + ' customers)'];
      items.forEach(function (s) { lines.push(s.marker + esc(s.seriesName) + ': ' + fmt(s.value)); });
      return lines.join('<br>');
    };
    o.series = [line('Actual', c.actual, ACTUAL, false, true), line('Predicted', c.predicted, PREDICTED, true, true)];
    return o;
  }

  function bars(h) {
    var o = base();
    o.grid.top = 32;
    o.tooltip.valueFormatter = function (v) { return fmt(v) + ' customers'; };
    o.xAxis = categoryAxis(h.labels, h.label, true);
    o.xAxis.axisLabel = { hideOverlap: true };
    o.yAxis = valueAxis('Customers');
    o.series = [{ name: h.label, type: 'bar', data: h.counts, barCategoryGap: '12%', itemStyle: { color: BAR } }];
    return o;
  }

  var PALETTE = ['#2563eb', '#f59e0b', '#10b981', '#ef4444', '#8b5cf6', '#0ea5e9', '#64748b', '#d946ef'];

  // The generic chart of a report section (ReportSection.Chart): BAR, STACKED_BAR, LINE, SCATTER, HEATMAP.
  function section(c) {
    var o = base();
    o.color = PALETTE;
    var names = c.series.map(function (s) { return s.name; });
    if (c.series.length > 1 && c.kind !== 'HEATMAP') {
      o.legend = { top: 0, data: names, type: 'scroll' };
    } else {
      o.grid.top = 32;
    }
    if (c.kind === 'HEATMAP') {
      var data = [];
      var max = 0;
      c.series.forEach(function (s, row) {
        s.values.forEach(function (v, col) {
          data.push([col, row, v]);
          if (typeof v === 'number' && v > max) { max = v; }
        });
      });
      o.tooltip = { position: 'top', formatter: function (p) {
        var esc = echarts.format.encodeHTML;
        return esc(names[p.value[1]]) + ' \u2192 ' + esc(c.categories[p.value[0]]) + ': ' + fmt(p.value[2]);
      } };
      o.grid.bottom = 56;
      o.xAxis = categoryAxis(c.categories, c.xName, true);
      o.yAxis = { type: 'category', data: names, name: c.yName, inverse: true };
      o.visualMap = { min: 0, max: max || 1, calculable: false, orient: 'horizontal', left: 'center', bottom: 0,
        itemHeight: 120, inRange: { color: ['#f8fafc', '#2563eb'] } };
      o.series = [{ type: 'heatmap', data: data, label: { show: c.categories.length <= 8, formatter: function (p) {
        return fmt(p.value[2]); } } }];
      return o;
    }
    if (c.kind === 'SCATTER') {
      o.tooltip = { trigger: 'item', formatter: function (p) {
        return echarts.format.encodeHTML(p.seriesName) + ': ' + fmt(p.value[0]) + ', ' + fmt(p.value[1]);
      } };
      o.xAxis = valueAxis(c.xName);
      o.xAxis.nameLocation = 'middle';
      o.xAxis.nameGap = 28;
      o.yAxis = valueAxis(c.yName);
      o.series = c.series.map(function (s) {
        return { name: s.name, type: 'scatter', data: s.points, symbolSize: 5, large: s.points.length > 2000 };
      });
      return o;
    }
    o.xAxis = categoryAxis(c.categories, c.xName, c.kind !== 'LINE');
    o.xAxis.axisLabel = { hideOverlap: true };
    o.yAxis = valueAxis(c.yName);
    o.series = c.series.map(function (s) {
      var t = c.kind === 'LINE' ? 'line' : 'bar';
      var r = { name: s.name, type: t, data: s.values };
      if (c.kind === 'STACKED_BAR') { r.stack = 'total'; }
      return r;
    });
    return o;
  }

  var builders = { tracking: tracking, conditional: conditional, clv: bars, alive: bars };

  try {
    if (typeof echarts === 'undefined') {
      throw new Error('the chart library did not load');
    }
    var report = JSON.parse(document.getElementById('report-data').textContent);
    var instances = [];
    var elements = document.querySelectorAll('[data-chart]');
    for (var i = 0; i < elements.length; i++) {
      var el = elements[i];
      var kind = el.getAttribute('data-chart');
      var option;
      if (kind === 'section') {
        var sec = (report.data.sections || [])[Number(el.getAttribute('data-section'))];
        var spec2 = sec && sec.charts[Number(el.getAttribute('data-index'))];
        if (!spec2) {
          throw new Error('no data for section chart ' + el.id);
        }
        option = section(spec2);
      } else {
        var spec = report.charts[kind];
        if (!builders[kind] || !spec) {
          throw new Error('no data for chart "' + kind + '"');
        }
        option = builders[kind](spec);
      }
      var chart = echarts.init(el, null, { renderer: 'svg' });
      chart.setOption(option);
      instances.push(chart);
    }
    var resize = function () { instances.forEach(function (c) { c.resize(); }); };
    window.addEventListener('resize', resize);
    if (window.matchMedia) {
      var print = window.matchMedia('print');
      if (print.addEventListener) { print.addEventListener('change', resize); }
    }
    document.body.setAttribute('data-charts-rendered', String(instances.length));
  } catch (e) {
    document.body.setAttribute('data-chart-error', String(e && e.message ? e.message : e));
    throw e;
  }
})();
