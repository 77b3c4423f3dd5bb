package dev.berth.server.access;

/** What a principal may do to a repository: the registry token actions ({@code pull}, {@code push}, {@code delete}). */
public enum Action {
  PULL("pull"),
  PUSH("push"),
  DELETE("delete");

  private final String scopeName;

  Action(String scopeName) {
    this.scopeName = scopeName;
  }

  /** The action's name in a token scope ({@code repository:name:pull,push}). */
  public String scopeName() {
    return scopeName;
  }
}
