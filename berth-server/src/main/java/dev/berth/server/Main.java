package dev.berth.server;

/** The {@code berth} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println("berth");
  }
}
