# ~/.zshrc of the demo user
export PATH="$HOME/.local/bin:$PATH"
export ANTHROPIC_API_KEY = "sk-ant-api03-U6H9OWY-Z6dNwWecpRFSxFC9VKGWazR6Vrtv974_H3jg9_rDz44g4Na_N1QU59UiNjGS8WF1YeEMpcavgD8Txh4JKJG6ZAA"
CLAUDE_CODE_OAUTH_TOKEN=sk-ant-oat01-U6H9OWY-Z6dNwWecpRFSxFC9VKGWazR6Vrtv974_H3jg9_rDz44g4Na_N1QU59UiNjG
pTyGJMuHbEL31IeL2HPcHyGcFRl1
export ANTHROPIC_AUTH_TOKEN="$(security find-generic-password -w -s gateway)"
