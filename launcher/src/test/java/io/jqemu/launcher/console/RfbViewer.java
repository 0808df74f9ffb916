package io.jqemu.launcher.console;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/** The viewer's side of an RFB 3.8 handshake, up to the security result (RFC 6143, sections 7.1-7.2). */
final class RfbViewer implements AutoCloseable {
    /** RFB security type None: no authentication at all. */
    static final int NONE = 1;
    /** RFB security type VNC authentication (DES challenge-response). */
    static final int VNC_AUTH = 2;

    private final SocketChannel channel;
    private final DataInputStream in;
    private final List<Integer> securityTypes = new ArrayList<>();

    private RfbViewer(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.in = new DataInputStream(Channels.newInputStream(channel));
        byte[] version = new byte[12];
        in.readFully(version);
        if (!new String(version, StandardCharsets.US_ASCII).startsWith("RFB 003.")) {
            throw new IOException("not an RFB server: " + Arrays.toString(version));
        }
        write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
        int count = in.readUnsignedByte();
        for (int i = 0; i < count; i++) {
            securityTypes.add(in.readUnsignedByte());
        }
    }

    /** Connects (unix or TCP) and reads the server's security types. */
    static RfbViewer connect(SocketAddress address) throws IOException {
        return new RfbViewer(SocketChannel.open(address));
    }

    /** The security types the server offers (empty: it refused the connection). */
    List<Integer> securityTypes() {
        return securityTypes;
    }

    /** Chooses VNC authentication and answers the challenge with {@code password}; true when the server accepts. */
    boolean authenticate(String password) throws IOException {
        write(new byte[] {VNC_AUTH});
        byte[] challenge = new byte[16];
        in.readFully(challenge);
        write(response(challenge, password));
        return in.readInt() == 0;
    }

    /** DES-ECB of the challenge, keyed with the password's first 8 bytes, each byte bit-reversed (VNC's quirk). */
    private static byte[] response(byte[] challenge, String password) throws IOException {
        byte[] key = new byte[8];
        byte[] raw = password.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < key.length && i < raw.length; i++) {
            key[i] = (byte) (Integer.reverse(raw[i] & 0xff) >>> 24);
        }
        try {
            Cipher des = Cipher.getInstance("DES/ECB/NoPadding");
            des.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "DES"));
            return des.doFinal(challenge);
        } catch (GeneralSecurityException e) {
            throw new IOException("DES is not available: " + e.getMessage(), e);
        }
    }

    private void write(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
