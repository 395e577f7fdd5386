package io.tidemark.engine.api.control;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * One HTTP/1.1 request to the daemon's control API on this machine's loopback address, on a
 * connection of its own that the answer closes. The control client uses it instead of the JDK's
 * HTTP clients because of what those cost a short CLI call before the first byte is sent:
 * {@code java.net.http.HttpClient} starts a selector thread and its TLS and HTTP/2 machinery, and
 * {@code HttpURLConnection}'s {@code URL} looks for protocol handler providers and its logger for a
 * logging provider, each a scan of every jar on the class path. Together a few hundred
 * milliseconds of {@code tidemark status}; a socket costs a few milliseconds.
 *
 * <p>It speaks only what {@link ControlServer} answers: a status line, headers, and a body framed by
 * Content-Length, chunked, or the end of the connection.
 */
final class LoopbackHttp {
    /** Loopback connects at once or not at all (no daemon listens any more). */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** A status code and the whole body as text. */
    record Answer(int status, String body) {
    }

    private LoopbackHttp() {
    }

    /**
     * Sends {@code method path} with a bearer {@code token} and, when not null, a JSON {@code body};
     * reads the whole answer. {@code readTimeout} bounds each wait for the daemon's bytes.
     */
    static Answer exchange(int port, String method, String path, String token, byte[] body, Duration readTimeout)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) CONNECT_TIMEOUT.toMillis());
            socket.setSoTimeout((int) readTimeout.toMillis());
            StringBuilder head = new StringBuilder().append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: localhost:").append(port).append("\r\n")
                    .append("Authorization: Bearer ").append(token).append("\r\n")
                    .append("Connection: close\r\n");
            if (body != null) {
                head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return read(new BufferedInputStream(socket.getInputStream()));
        }
    }

    private static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP answer: " + statusLine);
        }
        int status = (int) number(parts[1], 10, statusLine);
        long length = -1;
        boolean chunked = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = header.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).strip();
            if (name.equals("content-length")) {
                length = number(value, 10, header);
            } else if (name.equals("transfer-encoding")) {
                chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
            }
        }
        byte[] body;
        if (chunked) {
            body = chunks(in);
        } else if (length >= 0) {
            body = in.readNBytes((int) length);
            if (body.length < length) {
                throw new EOFException("the daemon's answer ended after " + body.length + " of " + length + " bytes");
            }
        } else {
            body = in.readAllBytes();
        }
        return new Answer(status, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] chunks(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            int extension = size.indexOf(';');
            int n = (int) number((extension < 0 ? size : size.substring(0, extension)).strip(), 16, size);
            if (n == 0) {
                while (!line(in).isEmpty()) {
                    // trailers: none that matter
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(n);
            if (chunk.length < n) {
                throw new EOFException("the daemon's answer ended inside a chunk");
            }
            body.write(chunk);
            line(in); // the CRLF after the chunk
        }
    }

    private static long number(String text, int radix, String line) throws IOException {
        try {
            return Long.parseLong(text, radix);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP answer: " + line);
        }
    }

    /** One header line without its CRLF (ISO-8859-1, as HTTP headers are). */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("the daemon closed the connection mid-answer");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
