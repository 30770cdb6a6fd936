package io.indicate.digest;

/**
 * Delivers digest mails, one at a time, to a mail server. {@link #send} returns once the server has accepted the
 * mail for delivery; the caller records it as sent only then.
 */
interface Mailer extends AutoCloseable {
    /** One mail to one address. {@code messageId}: the Message-ID header, without angle brackets. */
    record Mail(String to, String subject, String text, String messageId) {}

    /**
     * This one mail could not be sent (the server refused its recipient, the address is not one), while the server
     * can take the others. Its message names the reason and never holds a password.
     */
    final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /**
     * Sends {@code mail}.
     *
     * @throws Refused this mail was not sent and the next one may be tried
     * @throws IllegalStateException the server cannot be reached or refused the login: no mail can be sent
     */
    void send(Mail mail) throws Refused;

    @Override
    void close();
}
