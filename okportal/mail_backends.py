from django.core.mail.backends.filebased import EmailBackend as FileBackend


class FileAndConsoleBackend(FileBackend):
    """For `make run`: each message is kept in EMAIL_FILE_PATH and printed where it was sent."""

    def write_message(self, message):
        super().write_message(message)
        print(message.message().as_string(), flush=True)
