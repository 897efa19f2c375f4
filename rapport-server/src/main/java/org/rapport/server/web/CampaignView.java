package org.rapport.server.web;

import java.util.List;
import org.rapport.server.View;

/**
 * The campaign results page: the campaigns the user may see and, for the one chosen, its measured
 * effect (docs/offers.md, "Control groups and uplift", "Champion and challenger").
 *
 * @param page the frame
 * @param campaigns the campaigns (name links to its results), or null when none was ever exported
 * @param chosen the chosen campaign's name, or empty
 * @param effect the chosen campaign's incremental response and margin with their intervals, or null
 * @param arms the chosen campaign's arms (treated or champion, challenger, control), or null
 * @param challenger challenger minus champion, or null for a campaign without a challenger
 * @param missing what is absent, or empty
 */
public record CampaignView(View.Page page, Table campaigns, String chosen, List<Doc.Fact> effect, Table arms, List<Doc.Fact> challenger,
                           String missing) {
}
