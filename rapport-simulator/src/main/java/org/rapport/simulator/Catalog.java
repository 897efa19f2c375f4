package org.rapport.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * The firm's offer in the simulated world: categories, brands and products, with the planted upgrade
 * paths and co-purchase rules.
 *
 * <p>Every brand sells the same product line ({@link ProductLine}) at its own price level and margin,
 * so a product id is {@code brand_line}, e.g. {@code atelier_card_gold}. An order belongs to one brand
 * (the brand chain of {@link PlantedWorld.Segment#brandSwitching()}), so upgrade paths and co-purchases
 * act within the order's brand.
 *
 * <p>Immutable; {@link #defaults()} is the world documented in {@code docs/simulator.md}.
 */
public final class Catalog {
    /**
     * One product of every brand's line.
     *
     * @param code the line code, unique within a brand, e.g. {@code card_gold}
     * @param label the display name without the brand, e.g. {@code Gold Card}
     * @param category the category, one of {@link #categories()}
     * @param basePrice list price at a brand price factor of 1
     * @param baseMargin margin rate at a brand margin shift of 0
     * @param entryWeight weight of the line within its category when a customer buys in that category
     *     without a planted trigger; 0 means the line is only reached through an upgrade path or the
     *     trusted circle
     * @param extraQuantityMean mean of the Poisson number of extra units on one order line (0: always 1)
     */
    public record ProductLine(String code, String label, String category, double basePrice, double baseMargin,
                              double entryWeight, double extraQuantityMean) {
    }

    /**
     * A brand of the firm.
     *
     * @param name the brand name, used as the product id prefix
     * @param label the display name
     * @param positioning the needs it is built for
     * @param priceFactor multiplies every base price
     * @param marginShift added to every base margin rate
     */
    public record Brand(String name, String label, String positioning, double priceFactor, double marginShift) {
    }

    /**
     * A product as written to {@code products.csv}.
     *
     * @param id {@code brand_code}
     * @param name display name
     * @param brand brand name
     * @param category category name
     * @param price list price
     * @param marginRate margin rate in (0, 1)
     * @param upgradeOf id of the product this one upgrades (same brand), or null
     */
    public record Product(String id, String name, String brand, String category, double price, double marginRate,
                          String upgradeOf) {
    }

    /**
     * A planted upgrade path: on an order of brand B by a customer who owns B's {@code base} line but
     * not yet B's {@code upgrade} line, the upgrade is added to the order with {@code probability}.
     *
     * @param base the line owned
     * @param upgrade the line it leads to
     * @param probability chance per eligible order
     */
    public record UpgradePath(String base, String upgrade, double probability) {
    }

    /**
     * A planted basket association: when an order line is the {@code trigger} line, the
     * {@code companion} line of the same brand joins the order with {@code probability}.
     *
     * @param trigger the line bought
     * @param companion the line added
     * @param probability chance per trigger line
     */
    public record CoPurchase(String trigger, String companion, double probability) {
    }

    private static final List<String> CATEGORIES = List.of("grocery", "fashion", "electronics", "home", "baby",
            "travel", "insurance", "cards", "membership");

    private static final Catalog DEFAULT = new Catalog(
            CATEGORIES,
            List.of(new Brand("thrift", "Thrift", "price", 0.75, -0.05),
                    new Brand("atelier", "Atelier", "quality", 1.5, 0.08),
                    new Brand("swift", "Swift", "convenience", 1.0, 0.0),
                    new Brand("nova", "Nova", "innovation", 1.15, 0.03)),
            List.of(new ProductLine("grocery_basket", "Weekly Basket", "grocery", 45, 0.22, 1.0, 0.8),
                    new ProductLine("grocery_fresh", "Fresh Produce", "grocery", 20, 0.28, 1.0, 0.8),
                    new ProductLine("fashion_apparel", "Apparel", "fashion", 60, 0.45, 1.0, 0.3),
                    new ProductLine("fashion_shoes", "Shoes", "fashion", 80, 0.42, 0.6, 0),
                    new ProductLine("phone_starter", "Starter Phone", "electronics", 200, 0.18, 0.6, 0),
                    new ProductLine("phone_premium", "Premium Phone", "electronics", 900, 0.22, 0.05, 0),
                    new ProductLine("phone_case", "Phone Case", "electronics", 25, 0.60, 0.4, 0),
                    new ProductLine("laptop", "Laptop", "electronics", 1100, 0.12, 0.3, 0),
                    new ProductLine("home_furniture", "Furniture", "home", 350, 0.35, 0.5, 0),
                    new ProductLine("home_decor", "Home Decor", "home", 40, 0.50, 1.0, 0.3),
                    new ProductLine("baby_essentials", "Baby Essentials", "baby", 30, 0.30, 1.0, 0.6),
                    new ProductLine("baby_stroller", "Stroller", "baby", 300, 0.28, 0.3, 0),
                    new ProductLine("ticket_economy", "Economy Ticket", "travel", 250, 0.08, 1.0, 0.2),
                    new ProductLine("ticket_upper", "Upper-Class Ticket", "travel", 1500, 0.12, 0.05, 0),
                    new ProductLine("insurance_travel", "Travel Insurance", "insurance", 40, 0.55, 0.5, 0),
                    new ProductLine("insurance_home", "Home Insurance", "insurance", 300, 0.45, 0.6, 0),
                    new ProductLine("insurance_life", "Life Insurance", "insurance", 500, 0.50, 0.4, 0),
                    new ProductLine("card_classic", "Classic Card", "cards", 30, 0.90, 1.0, 0),
                    new ProductLine("card_gold", "Gold Card", "cards", 150, 0.85, 0.3, 0),
                    new ProductLine("card_platinum", "Platinum Card", "cards", 550, 0.85, 0, 0),
                    new ProductLine("card_supplementary", "Supplementary Card", "cards", 50, 0.90, 0, 0),
                    new ProductLine("membership_starter", "Starter Membership", "membership", 60, 0.80, 1.0, 0),
                    new ProductLine("membership_premium", "Premium Membership", "membership", 180, 0.80, 0.05, 0)),
            List.of(new UpgradePath("card_classic", "card_gold", 0.45),
                    new UpgradePath("card_gold", "card_platinum", 0.50),
                    new UpgradePath("membership_starter", "membership_premium", 0.50),
                    new UpgradePath("phone_starter", "phone_premium", 0.45),
                    new UpgradePath("ticket_economy", "ticket_upper", 0.40)),
            List.of(new CoPurchase("phone_starter", "phone_case", 0.5),
                    new CoPurchase("phone_premium", "phone_case", 0.5),
                    new CoPurchase("ticket_economy", "insurance_travel", 0.35),
                    new CoPurchase("ticket_upper", "insurance_travel", 0.35),
                    new CoPurchase("baby_stroller", "baby_essentials", 0.4),
                    new CoPurchase("home_furniture", "home_decor", 0.3)));

    private final List<String> categories;
    private final List<Brand> brands;
    private final List<ProductLine> lines;
    private final List<UpgradePath> upgradePaths;
    private final List<CoPurchase> coPurchases;
    private final List<Product> products;

    private Catalog(List<String> categories, List<Brand> brands, List<ProductLine> lines,
                    List<UpgradePath> upgradePaths, List<CoPurchase> coPurchases) {
        this.categories = List.copyOf(categories);
        this.brands = List.copyOf(brands);
        this.lines = List.copyOf(lines);
        this.upgradePaths = List.copyOf(upgradePaths);
        this.coPurchases = List.copyOf(coPurchases);
        this.products = buildProducts();
    }

    /** @return the default catalog: 9 categories, 4 brands, 23 lines, 92 products */
    public static Catalog defaults() {
        return DEFAULT;
    }

    private List<Product> buildProducts() {
        List<Product> out = new ArrayList<>();
        for (Brand b : brands) {
            for (ProductLine l : lines) {
                String upgradeOf = null;
                for (UpgradePath u : upgradePaths) {
                    if (u.upgrade().equals(l.code())) {
                        upgradeOf = productId(b.name(), u.base());
                    }
                }
                double price = Math.round(l.basePrice() * b.priceFactor() * 100) / 100.0;
                double margin = Math.round((l.baseMargin() + b.marginShift()) * 1000) / 1000.0;
                out.add(new Product(productId(b.name(), l.code()), b.label() + " " + l.label(), b.name(),
                        l.category(), price, margin, upgradeOf));
            }
        }
        return List.copyOf(out);
    }

    /**
     * @param brand a brand name
     * @param code a line code
     * @return the product id, {@code brand_code}
     */
    public static String productId(String brand, String code) {
        return brand + "_" + code;
    }

    /** @return category names in a fixed order */
    public List<String> categories() {
        return categories;
    }

    /** @return the brands in a fixed order (the order of the switching matrices) */
    public List<Brand> brands() {
        return brands;
    }

    /** @return the product line every brand sells */
    public List<ProductLine> lines() {
        return lines;
    }

    /** @return the planted upgrade paths */
    public List<UpgradePath> upgradePaths() {
        return upgradePaths;
    }

    /** @return the planted co-purchase rules */
    public List<CoPurchase> coPurchases() {
        return coPurchases;
    }

    /**
     * The products, brand-major: product {@code b * lines().size() + l} is line {@code l} of brand {@code b}.
     *
     * @return every product
     */
    public List<Product> products() {
        return products;
    }

    /** @param name a brand name @return its index in {@link #brands()} @throws IllegalArgumentException if unknown */
    public int brandIndex(String name) {
        for (int i = 0; i < brands.size(); i++) {
            if (brands.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no brand '" + name + "'");
    }

    /** @param code a line code @return its index in {@link #lines()} @throws IllegalArgumentException if unknown */
    public int lineIndex(String code) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).code().equals(code)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no product line '" + code + "'");
    }

    /** @param name a category @return its index in {@link #categories()} @throws IllegalArgumentException if unknown */
    public int categoryIndex(String name) {
        int i = categories.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no category '" + name + "'");
        }
        return i;
    }
}
