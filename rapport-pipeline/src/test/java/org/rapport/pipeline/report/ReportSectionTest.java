package org.rapport.pipeline.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rapport.pipeline.report.ReportSection.Chart;
import org.rapport.pipeline.report.ReportSection.ChartKind;
import org.rapport.pipeline.report.ReportSection.Series;
import org.rapport.pipeline.report.ReportSection.Table;

class ReportSectionTest {
    static final String ATTACK = "<script>alert('x')</script>";

    /** One section with every kind of chart, a table, figures and notes; text from "the data" is hostile. */
    static ReportSection everything() {
        List<String> brands = List.of("thrift", "atelier", ATTACK);
        return ReportSection.builder("brands", "Brands " + ATTACK)
                .intro("Switching between brands " + ATTACK)
                .kpi("Brand equity", "1,234", ATTACK)
                .chart(new Chart(ChartKind.BAR, "Equity by brand", "bars", brands, "brand", "equity",
                        List.of(Series.of("equity", 3, 2, Double.NaN))))
                .chart(new Chart(ChartKind.STACKED_BAR, "Stacked", "stacked", brands, null, null,
                        List.of(Series.of("a", 1, 2, 3), Series.of("b", 3, 2, 1))))
                .chart(new Chart(ChartKind.LINE, "Projection", "line", List.of("1", "2"), "month", "equity",
                        List.of(Series.of("current", 5, 4))))
                .chart(new Chart(ChartKind.SCATTER, "Quadrant", "scatter", null, "loyalty", "CLV",
                        List.of(Series.points(ATTACK, new double[][] {{1, 2}, {3, 4}}))))
                .chart(new Chart(ChartKind.HEATMAP, "Switching", "heatmap", brands, "to", "from",
                        List.of(Series.of("thrift", .8, .1, .1), Series.of("atelier", .2, .7, .1),
                                Series.of(ATTACK, .3, .3, .4))))
                .table(new Table("Hand-offs", List.of("customer", "CLV"), List.of(false, true),
                        List.of(List.of(ATTACK, "12.50"))))
                .note("no prospects " + ATTACK)
                .build();
    }

    @Test
    void sectionIsRenderedEscapedAndListedInTheContents() throws Exception {
        ReportData d = ReportFixture.cdnow().build().withSections(List.of(everything()));
        String html = HtmlReport.render(d, "/* lib */");
        assertThat(html).contains("<section class=\"card\" id=\"brands\">", "href=\"#brands\"",
                "data-chart=\"section\" data-section=\"0\" data-index=\"4\"", "&lt;script&gt;alert(&#39;x&#39;)")
                .doesNotContain(ATTACK);
        // The section sits between the distributions and the top customers.
        assertThat(html.indexOf("id=\"brands\"")).isBetween(html.indexOf("id=\"distributions\""),
                html.indexOf("id=\"top-customers\""));
        JsonNode doc = HtmlReportTest.json(html);
        JsonNode charts = doc.get("data").get("sections").get(0).get("charts");
        assertThat(charts).hasSize(5);
        assertThat(charts.get(0).get("series").get(0).get("values").get(2).isNull()).as("NaN as null").isTrue();
        assertThat(charts.get(4).get("kind").asText()).isEqualTo("HEATMAP");
    }

    @Test
    void badSectionsFailClearly() {
        assertThatThrownBy(() -> ReportSection.builder("Bad Id", "t").build())
                .hasMessageContaining("lower-case letters");
        assertThatThrownBy(() -> new Table("t", List.of("a", "b"), null, List.of(List.of("1"))))
                .hasMessageContaining("a row has 1 cells for 2 columns");
        assertThatThrownBy(() -> new Chart(ChartKind.BAR, "c", null, List.of("a", "b"), null, null,
                List.of(Series.of("s", 1)))).hasMessageContaining("has 1 values for 2 categories");
        ReportData twice = ReportFixture.cdnow().build().withSections(List.of(everything(), everything()));
        assertThatThrownBy(() -> HtmlReport.render(twice, "")).hasMessageContaining("two report sections have the id 'brands'");
        ReportData clash = ReportFixture.cdnow().build().withSections(List.of(ReportSection.builder("totals", "x").build()));
        assertThatThrownBy(() -> HtmlReport.render(clash, "")).hasMessageContaining("'totals'");
    }
}
