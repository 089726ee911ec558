"""A hello-world Textual app: the baseline that tests/bench/startup.py times closer's commands against."""

from textual.app import App, ComposeResult
from textual.widgets import Static


class HelloWorld(App):
    def compose(self) -> ComposeResult:
        yield Static("Hello, world!")


if __name__ == "__main__":
    HelloWorld().run()
