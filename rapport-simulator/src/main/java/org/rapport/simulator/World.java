package org.rapport.simulator;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A small simulated world held in memory, for the tests of later modules: the same rows, in the same
 * order, as the files {@link WorldSimulator#simulate} writes with the same options.
 *
 * @param options the options it was simulated with
 * @param products the catalog ({@code products.csv})
 * @param customers {@code customers.csv}
 * @param transactions {@code transactions.csv}, by customer, then order, then line
 * @param lifeEvents {@code life_events.csv}
 * @param interactions {@code interactions.csv}
 * @param feedback {@code feedback.csv}
 * @param householdLinks {@code household_links.csv}
 * @param prospects {@code prospects.csv}
 * @param truth {@code truth_customers.csv}: the hidden truth per customer
 */
public record World(WorldOptions options, List<Catalog.Product> products, List<Customer> customers,
                    List<Transaction> transactions, List<LifeEvent> lifeEvents, List<Interaction> interactions,
                    List<Feedback> feedback, List<HouseholdLink> householdLinks, List<Prospect> prospects,
                    List<CustomerTruth> truth) {

    /**
     * One order line.
     *
     * @param customerId the customer
     * @param ts the order's date
     * @param amount the line's share of the order's amount (two decimals)
     * @param orderId {@code customerId * 100000 + n} for the customer's n-th order
     * @param productId the product
     * @param quantity units
     * @param channel the order channel
     */
    public record Transaction(long customerId, LocalDate ts, double amount, long orderId, String productId,
                              int quantity, String channel) {
    }

    /**
     * @param customerId the customer
     * @param email a synthetic address at example.com
     * @param phone a synthetic number
     * @param birthDate date of birth
     * @param region region
     * @param householdId customer id of the household head
     * @param acquisitionChannel how the customer was acquired
     * @param acquisitionDate date of the first purchase
     * @param surveyWallet the wallet the customer stated in the survey, if surveyed
     * @param needs survey answers 1..7 in the order of {@link PlantedWorld#needs()}
     */
    public record Customer(long customerId, String email, String phone, LocalDate birthDate, String region,
                           long householdId, String acquisitionChannel, LocalDate acquisitionDate,
                           OptionalDouble surveyWallet, List<Integer> needs) {
    }

    /** @param customerId the customer @param date the day it happened @param type event type */
    public record LifeEvent(long customerId, LocalDate date, String type) {
    }

    /** @param customerId the customer @param date the day @param touchpoint where @param rating 1..5 */
    public record Interaction(long customerId, LocalDate date, String touchpoint, int rating) {
    }

    /**
     * @param customerId the customer
     * @param date the day
     * @param topic the topic
     * @param text the customer's words
     * @param rating 1..5
     */
    public record Feedback(long customerId, LocalDate date, String topic, String text, int rating) {
    }

    /** @param customerId the household head @param relatedCustomerId a member @param relation partner or family */
    public record HouseholdLink(long customerId, long relatedCustomerId, String relation) {
    }

    /**
     * @param prospectId the prospect
     * @param channel acquisition channel
     * @param region region
     * @param segment segment
     * @param acquisitionProbability chance of becoming a customer (four decimals)
     * @param acquisitionCost cost of acquiring them (two decimals)
     */
    public record Prospect(long prospectId, String channel, String region, String segment,
                           double acquisitionProbability, double acquisitionCost) {
    }

    /**
     * The hidden truth of one customer.
     *
     * @param customerId the customer
     * @param segment the planted needs-based segment
     * @param lambda BG/NBD purchase rate per week while alive
     * @param dropoutProbability BG/NBD chance of dropping out after each repeat purchase
     * @param nu Gamma-Gamma rate: spend per order is Gamma(p, &nu;)
     * @param expectedOrderValue p / &nu;
     * @param trueWallet yearly category spend with every firm
     * @param trueShare our expected yearly spend while alive / trueWallet
     * @param aliveAtCalibrationEnd not dropped out by the end of the calibration period
     * @param aliveAtEnd not dropped out by the last simulated day
     * @param dropoutDate the date of the purchase after which the customer dropped out, if they did
     * @param ordersCalibration orders up to the calibration end, the first purchase included
     * @param ordersHoldout orders after the calibration end
     */
    public record CustomerTruth(long customerId, String segment, double lambda, double dropoutProbability, double nu,
                                double expectedOrderValue, double trueWallet, double trueShare,
                                boolean aliveAtCalibrationEnd, boolean aliveAtEnd, Optional<LocalDate> dropoutDate,
                                int ordersCalibration, int ordersHoldout) {
    }
}
