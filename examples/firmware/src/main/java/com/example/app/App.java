package com.example.app;

/** The firmware's application; the build puts its jar into the image at /usr/share/app/app.jar. */
public final class App {
    private App() {
    }

    public static void main(String[] args) {
        System.out.println("hello from the firmware");
    }
}
