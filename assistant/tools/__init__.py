"""The tool contract and its registries (tools, channels, requirements), filled by each app's
``tools.py`` at start-up; and turning a tool's person arguments into recipients."""
