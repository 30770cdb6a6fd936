package io.indicate.digest;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Properties;

/**
 * Sends mails over one SMTP connection (Jakarta Mail, Eclipse Angus), opened at the first mail and kept for the
 * others; a connection the server dropped is opened again once. With a password the login goes over TLS only
 * ({@code smtps://}, or STARTTLS required on {@code smtp://}), unless the server is on this machine. Error messages
 * never hold the password: Jakarta Mail's are passed on with it blanked out, and without their causes.
 */
final class SmtpMailer implements Mailer {
    private static final String TIMEOUT_MS = "30000";

    private final SmtpServer server;
    private final String user;
    private final String password;
    private final InternetAddress from;
    private final Session session;
    private Transport transport;

    /**
     * {@code user}: null or blank for a server that takes mail without a login (a relay), and {@code password} is then
     * not used; with a user, the password is required.
     */
    SmtpMailer(SmtpServer server, String user, String password, String from) {
        boolean login = user != null && !user.isBlank();
        if (login && password == null) {
            throw new IllegalArgumentException("an SMTP login needs both --user and --password-env");
        }
        this.server = server;
        this.user = login ? user : null;
        this.password = login ? password : null;
        try {
            this.from = new InternetAddress(from, true);
        } catch (AddressException e) {
            throw new IllegalArgumentException("--from '" + from + "' is not an e-mail address");
        }
        String p = "mail." + server.protocol() + ".";
        Properties props = new Properties();
        props.put(p + "host", server.host());
        props.put(p + "port", String.valueOf(server.port()));
        props.put(p + "auth", String.valueOf(this.password != null));
        props.put(p + "connectiontimeout", TIMEOUT_MS);
        props.put(p + "timeout", TIMEOUT_MS);
        props.put(p + "writetimeout", TIMEOUT_MS);
        if (server.implicitTls()) {
            props.put(p + "ssl.checkserveridentity", "true");
        } else {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", String.valueOf(this.password != null && !server.onThisMachine()));
            props.put(p + "ssl.checkserveridentity", "true");
        }
        this.session = Session.getInstance(props);
    }

    @Override
    public void send(Mail mail) throws Refused {
        MimeMessage message;
        try {
            message = message(mail);
        } catch (AddressException e) {
            throw new Refused("'" + mail.to() + "' is not an e-mail address");
        } catch (MessagingException e) {
            throw new Refused("the mail could not be written: " + blanked(e));
        }
        try {
            transport().sendMessage(message, message.getAllRecipients());
        } catch (SendFailedException e) {
            throw new Refused("the server refused it: " + blanked(e));
        } catch (MessagingException dropped) {
            // the server may have closed an idle connection: one new one, then give up on the server
            closeQuietly();
            try {
                transport().sendMessage(message, message.getAllRecipients());
            } catch (SendFailedException e) {
                throw new Refused("the server refused it: " + blanked(e));
            } catch (MessagingException e) {
                throw new IllegalStateException("SMTP server " + server + " stopped taking mail: " + blanked(e));
            }
        }
    }

    private MimeMessage message(Mail mail) throws MessagingException {
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                // the same mail sent again (a run that stopped before recording it) keeps its id, so clients can drop the copy
                setHeader("Message-ID", "<" + mail.messageId() + ">");
            }
        };
        message.setFrom(from);
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.to(), true));
        message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
        message.setText(mail.text(), StandardCharsets.UTF_8.name());
        message.setSentDate(Date.from(Instant.now()));
        // RFC 3834: no out-of-office replies to a machine's mail
        message.setHeader("Auto-Submitted", "auto-generated");
        message.saveChanges();
        return message;
    }

    private Transport transport() {
        // not isConnected(): it costs a NOOP round trip per mail; a dropped connection shows in the send, which opens a new one
        if (transport != null) return transport;
        try {
            Transport t = session.getTransport(server.protocol());
            t.connect(server.host(), server.port(), user, password);
            transport = t;
            return t;
        } catch (AuthenticationFailedException e) {
            throw new IllegalStateException("SMTP server " + server + " refused the login of user '" + user + "': " + blanked(e));
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot send through SMTP server " + server + ": " + blanked(e));
        }
    }

    /** The exception's message, and its causes' (a TLS or connection failure is in a cause), with the password blanked out. */
    private String blanked(Exception e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 500; t = t.getCause()) {
            String m = t.getMessage();
            if (m == null || m.isBlank() || text.indexOf(m.strip()) >= 0) continue;
            if (!text.isEmpty()) text.append(": ");
            text.append(m.strip());
        }
        String message = text.isEmpty() ? e.getClass().getSimpleName() : text.toString().replaceAll("\\s+", " ");
        if (password != null && !password.isEmpty()) message = message.replace(password, "***");
        return message;
    }

    private void closeQuietly() {
        if (transport == null) return;
        try {
            transport.close();
        } catch (MessagingException ignored) {
            // closing a connection the server already dropped
        }
        transport = null;
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
