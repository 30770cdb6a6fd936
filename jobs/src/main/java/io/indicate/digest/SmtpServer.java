package io.indicate.digest;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

/**
 * The mail server of {@code --smtp-url}: {@code smtp://host[:port]} (default port 25) speaks plain SMTP and switches
 * to TLS with STARTTLS when the server offers it, {@code smtps://host[:port]} (default 465) speaks TLS from the
 * first byte. A URL holding a password is refused without being echoed: the password comes from the environment.
 */
record SmtpServer(String host, int port, boolean implicitTls) {
    static SmtpServer parse(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--smtp-url is not a URL (expected smtp://host[:port] or smtps://host[:port])");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("--smtp-url may not hold a user or password: give --user and name the password's "
                    + "environment variable with --password-env");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("smtp") && !scheme.equals("smtps") || uri.getHost() == null
                || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) || uri.getQuery() != null) {
            // not echoed: a query could hold a secret
            throw new IllegalArgumentException("--smtp-url must be smtp://host[:port] or smtps://host[:port]");
        }
        boolean tls = scheme.equals("smtps");
        return new SmtpServer(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : tls ? 465 : 25, tls);
    }

    /** The Jakarta Mail protocol name. */
    String protocol() {
        return implicitTls ? "smtps" : "smtp";
    }

    /**
     * Whether the server is on this machine: a password sent to it over plain SMTP does not cross a network, so
     * STARTTLS is not required there (a local relay, the tests' server).
     */
    boolean onThisMachine() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return protocol() + "://" + host + ":" + port;
    }
}
