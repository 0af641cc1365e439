package io.specops.cli;

import io.specops.backtest.Backtest;
import io.specops.backtest.Frontier;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The backtest as a PNG: offered load, each policy's replicas, and where each violated its SLO. */
final class BacktestChart {
  private BacktestChart() {}

  static void write(Path file, String title, List<Backtest.Result> results) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart chart =
        new XYChartBuilder()
            .width(1600)
            .height(700)
            .title("Backtest: " + title)
            .xAxisTitle("hours")
            .yAxisTitle("replicas / load (rps / 10)")
            .build();
    chart.getStyler().setMarkerSize(3);
    chart.getStyler().setLegendVisible(true);
    Backtest.Result first = results.get(0);
    List<Double> hours = new ArrayList<>();
    List<Double> load = new ArrayList<>();
    for (Backtest.Sample s : first.samples()) {
      hours.add(s.t() / 3600);
      load.add(s.rps() / 10);
    }
    XYSeries loadSeries = chart.addSeries("load (rps / 10)", hours, load);
    loadSeries.setMarker(SeriesMarkers.NONE);
    for (Backtest.Result r : results) {
      List<Double> x = new ArrayList<>();
      List<Double> replicas = new ArrayList<>();
      List<Double> vx = new ArrayList<>();
      List<Double> vy = new ArrayList<>();
      for (Backtest.Sample s : r.samples()) {
        x.add(s.t() / 3600);
        replicas.add((double) s.replicas());
        if (s.violation()) {
          vx.add(s.t() / 3600);
          vy.add((double) s.replicas());
        }
      }
      XYSeries series =
          chart.addSeries(
              r.policy() + " replicas (" + r.replicaMinutes() + " replica-min)", x, replicas);
      series.setMarker(SeriesMarkers.NONE);
      if (!vx.isEmpty()) {
        XYSeries violations =
            chart.addSeries(
                r.policy() + " SLO violations (" + r.sloViolationMinutes() + " min)", vx, vy);
        violations.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      }
    }
    BitmapEncoder.saveBitmap(
        chart, file.toString().replaceAll("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
  }

  /** A frontier curve: the policy's points, their legend (before the knob values), the marker. */
  private record Curve(String policy, String title, Marker marker) {}

  private static final List<Curve> CURVES =
      List.of(
          new Curve("hpa", "hpa, target ", SeriesMarkers.SQUARE),
          new Curve("specops", "specops, coverage ", SeriesMarkers.CIRCLE),
          new Curve(
              "level-known", "level-known (reference), coverage ", SeriesMarkers.TRIANGLE_UP));

  /**
   * The frontier: one curve per policy, violation-minutes against replica-minutes, each point
   * labelled by its knob.
   */
  static void writeFrontier(
      Path file, String title, List<Frontier.Point> points, Backtest.Result oracle)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart chart =
        new XYChartBuilder()
            .width(1000)
            .height(700)
            .title("Frontier: " + title)
            .xAxisTitle("replica-minutes (oracle: " + Math.round(oracle.replicaMinutes()) + ")")
            .yAxisTitle("SLO-violation minutes")
            .build();
    chart.getStyler().setMarkerSize(9);
    chart.getStyler().setLegendVisible(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    for (Curve curve : CURVES) {
      String policy = curve.policy();
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      StringBuilder knobs = new StringBuilder();
      for (Frontier.Point p : points) {
        if (p.policy().equals(policy)) {
          x.add(p.result().replicaMinutes());
          y.add(p.result().sloViolationMinutes());
          knobs.append(knobs.isEmpty() ? "" : ", ").append(Frontier.percent(p.value())).append('%');
        }
      }
      if (x.isEmpty()) {
        continue;
      }
      XYSeries series = chart.addSeries(curve.title() + knobs, x, y);
      series.setMarker(curve.marker());
    }
    BitmapEncoder.saveBitmap(
        chart, file.toString().replaceAll("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
  }
}
