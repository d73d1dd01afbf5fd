package org.liaison.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SvgTest {
  private static final Pattern POLYLINE = Pattern.compile("<polyline [^>]*points=\"([^\"]*)\"");

  @Test
  void chart_has_title_axes_labels_legend_and_one_polyline_per_series() {
    String svg = Svg.lineChart("Throughput <noop & query>", "clients", "requests/s", true, List.of(
        new Svg.Series("noop", new double[] {1, 2, 4, 8, 16}, new double[] {1000, 1900, 3500, 5000, 5200}),
        new Svg.Series("query N=10k", new double[] {1, 16}, new double[] {800, 4000})));
    assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>\n");
    assertThat(svg).contains(">Throughput &lt;noop &amp; query&gt;</text>");
    assertThat(svg).contains(">clients</text>").contains(">requests/s</text>");
    assertThat(svg).contains(">noop</text>").contains(">query N=10k</text>");
    // The y axis ends at a round number above the largest value.
    assertThat(svg).contains(">10k</text>").doesNotContain(">12k</text>");
    // The x ticks are the measured client counts.
    for (String tick : new String[] {">1<", ">2<", ">4<", ">8<", ">16<"}) {
      assertThat(svg).contains(tick);
    }
    Matcher m = POLYLINE.matcher(svg);
    assertThat(m.find()).isTrue();
    String[] noop = m.group(1).split(" ");
    assertThat(noop).hasSize(5);
    assertThat(m.find()).isTrue();
    String[] query = m.group(1).split(" ");
    assertThat(query).hasSize(2);
    assertThat(m.find()).isFalse();
  }

  @Test
  void log_x_axis_places_the_ends_at_the_plot_edges_and_doubling_at_equal_steps() {
    String svg = Svg.lineChart("t", "x", "y", true,
        List.of(new Svg.Series("s", new double[] {1, 2, 4}, new double[] {0, 5, 19})));
    Matcher m = POLYLINE.matcher(svg);
    assertThat(m.find()).isTrue();
    String[] pts = m.group(1).split(" ");
    double x0 = Double.parseDouble(pts[0].split(",")[0]);
    double x1 = Double.parseDouble(pts[1].split(",")[0]);
    double x2 = Double.parseDouble(pts[2].split(",")[0]);
    assertThat(x0).isEqualTo(70.0);
    assertThat(x2).isEqualTo(Svg.WIDTH - 160.0);
    assertThat(x1 - x0).isEqualTo(x2 - x1);
    // y = 0 sits on the x axis; 19 rounds the scale up to 20, so it sits 1/20 of the plot below the top.
    assertThat(pts[0].split(",")[1]).isEqualTo(Svg.fmt(Svg.HEIGHT - 50.0));
    assertThat(pts[2].split(",")[1]).isEqualTo(Svg.fmt(40.0 + (Svg.HEIGHT - 90.0) / 20));
    assertThat(svg).contains(">20</text>");
  }

  @Test
  void log_axis_refuses_non_positive_x_and_series_must_pair_up() {
    assertThatThrownBy(() -> Svg.lineChart("t", "x", "y", true,
        List.of(new Svg.Series("s", new double[] {0, 1}, new double[] {1, 2})))).hasMessageContaining("x 0.0");
    assertThatThrownBy(() -> new Svg.Series("s", new double[] {1}, new double[] {1, 2}))
        .hasMessageContaining("1 x values and 2 y values");
  }

  @Test
  void labels_and_scale_are_compact_and_round() {
    assertThat(Svg.label(10_000)).isEqualTo("10k");
    assertThat(Svg.label(1_000_000)).isEqualTo("1M");
    assertThat(Svg.label(16)).isEqualTo("16");
    assertThat(Svg.label(2.5)).isEqualTo("2.5");
    assertThat(Svg.niceCeil(3700)).isEqualTo(5000);
    assertThat(Svg.niceCeil(0.8)).isEqualTo(1);
    assertThat(Svg.niceCeil(2100)).isEqualTo(2500);
  }
}
