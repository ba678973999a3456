# ~/.zshrc of the demo user
export PATH="$HOME/.local/bin:$PATH"
export ANTHROPIC_API_KEY = "sk-ant-api03-Demo-Key-Not-Real-Demo-Key-Not-Real-Demo-Key-Not-Real-Demo-Key-Not-Real-Demo-Key-Not-Real-DemAA"
CLAUDE_CODE_OAUTH_TOKEN=sk-ant-oat01-DemoTokenNotRealDemoTokenNotRealDemoTokenNotRealDemoTokenNotRealDem
export ANTHROPIC_AUTH_TOKEN="$(security find-generic-password -w -s gateway)"
