package dev.berth.server.http;

import dev.berth.server.config.IpRange;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Behind a load balancer every request comes from the balancer's address, so login throttling and the audit log
 * would see one client. For a request whose peer is a trusted proxy ({@code TRUSTED_PROXIES}), the client address
 * is taken from {@code X-Forwarded-For}: walking it from the right (the hop nearest to Berth), the first address
 * that is not itself a trusted proxy. A peer that is not trusted is the client whatever it claims, so nobody can
 * escape throttling by sending the header; an entry that is not a literal address ends the walk at the hop that
 * wrote it.
 */
final class ForwardedClientAddress implements HttpConfiguration.Customizer {
  static final String HEADER = "X-Forwarded-For";

  private final List<IpRange> trusted;

  ForwardedClientAddress(List<IpRange> trusted) {
    this.trusted = List.copyOf(trusted);
  }

  @Override
  public Request customize(Request request, HttpFields.Mutable responseHeaders) {
    SocketAddress peer = request.getConnectionMetaData().getRemoteSocketAddress();
    if (!(peer instanceof InetSocketAddress socket) || !isTrusted(socket.getAddress())) {
      return request;
    }
    Optional<InetAddress> client = client(request.getHeaders().getValuesList(HEADER));
    if (client.isEmpty()) {
      return request;
    }
    InetSocketAddress remote = new InetSocketAddress(client.get(), socket.getPort());
    ConnectionMetaData metaData = new ConnectionMetaData.Wrapper(request.getConnectionMetaData()) {
      @Override
      public SocketAddress getRemoteSocketAddress() {
        return remote;
      }
    };
    return new Request.Wrapper(request) {
      @Override
      public ConnectionMetaData getConnectionMetaData() {
        return metaData;
      }
    };
  }

  /** The client named by the header values (in order of arrival), or empty when they name none. */
  Optional<InetAddress> client(List<String> headerValues) {
    List<String> hops = new ArrayList<>();
    for (String value : headerValues) {
      for (String hop : value.split(",")) {
        hops.add(hop.strip());
      }
    }
    InetAddress client = null;
    for (int i = hops.size() - 1; i >= 0; i--) {
      Optional<InetAddress> hop = IpRange.literal(hops.get(i));
      if (hop.isEmpty()) {
        break; // garbage: the proxy that appended the entry to its right is as far as we can trust
      }
      client = hop.get();
      if (!isTrusted(client)) {
        break;
      }
    }
    return Optional.ofNullable(client);
  }

  private boolean isTrusted(InetAddress address) {
    for (IpRange range : trusted) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }
}
