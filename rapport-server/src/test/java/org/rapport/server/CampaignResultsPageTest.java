package org.rapport.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.server.auth.Role;
import org.rapport.offers.CampaignResults;

/**
 * The campaign results page shows the figures of {@code rapport campaign results} (the same
 * {@link CampaignResults}, tested against planted uplift in the offers module), formatted, to the CCO
 * for every campaign and to a segment manager for their own segments' campaigns only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CampaignResultsPageTest {
    private ServerFixture f;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        f = new ServerFixture(dir, true, RapportServer.Options.defaults().withCurrency("€"),
                store -> CampaignFixture.record(store, java.time.LocalDate.parse("2023-09-30")));
    }

    @AfterAll
    void stop() {
        f.close();
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void theCcoSeesEveryCampaignAndItsIncrementalFigures() {
        HttpResponse<String> list = f.get("/campaigns", Role.CCO);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains(CampaignFixture.OWN, CampaignFixture.OTHER);
        HttpResponse<String> page = f.get("/campaigns?campaign=" + q(CampaignFixture.OTHER), Role.CCO);
        assertThat(page.statusCode()).isEqualTo(200);
        CampaignResults r = CampaignResults.run(f.store, CampaignFixture.OTHER);
        String share = String.format(Locale.ROOT, "%,.1f%%", Math.abs(r.incrementalResponse()) * 100);
        assertThat(page.body()).contains("Incremental response", "Incremental margin per treated customer", share,
                String.format(Locale.ROOT, "%,d", r.treated().customers()), String.format(Locale.ROOT, "%,d", r.control().customers()),
                "Control (not contacted)");
        assertThat(page.body()).doesNotContain("NaN", "\"incrementalResponse\"", "Challenger against champion");
    }

    @Test
    void aChallengerCampaignShowsItsArms() {
        HttpResponse<String> page = f.get("/campaigns?campaign=" + q(CampaignFixture.OWN), Role.CCO);
        assertThat(page.statusCode()).isEqualTo(200);
        CampaignResults r = CampaignResults.run(f.store, CampaignFixture.OWN);
        assertThat(r.challenger()).isNotNull();
        assertThat(page.body()).contains("Champion", "Challenger", "Challenger against champion",
                String.format(Locale.ROOT, "%,d", r.challenger().arm().customers()));
    }

    @Test
    void aSegmentManagerSeesOnlyTheirSegmentsCampaigns() {
        HttpResponse<String> list = f.get("/campaigns", Role.SEGMENT_MANAGER);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains(CampaignFixture.OWN).doesNotContain(CampaignFixture.OTHER);
        assertThat(f.get("/campaigns?campaign=" + q(CampaignFixture.OWN), Role.SEGMENT_MANAGER).statusCode()).isEqualTo(200);
        assertThat(f.get("/campaigns?campaign=" + q(CampaignFixture.OTHER), Role.SEGMENT_MANAGER).statusCode()).isEqualTo(403);
        assertThat(f.get("/campaigns?campaign=no-such-campaign", Role.CCO).statusCode()).isEqualTo(404);
        assertThat(f.get("/campaigns", Role.ANALYST).statusCode()).isEqualTo(403);
    }
}
