package dev.repurchase.common.predict;

/**
 * One customer's summary entering ({@code sign} +1) or leaving (-1) the models' sufficient data, as
 * the customer timeline emits it when the customer's valid purchases change it.
 */
public record RepeatBuyingChange(RepeatBuying buying, int sign) {}
