# fish: the base URL is set but never exported to child processes
set -g ANTHROPIC_BASE_URL https://openrouter.ai/api/v1
