package dev.hflogin.keycloak.bench;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Draws the latency distributions as cumulative curves (share of logins finished within x ms), one
 * line per provider and phase, with Java2D: no charting library to install.
 */
final class LatencyChart {

    private static final int WIDTH = 1040;
    private static final int HEIGHT = 600;
    private static final int LEFT = 80;
    private static final int RIGHT = 340;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;
    private static final List<Color> COLORS = List.of(new Color(0xFF9D0B), new Color(0x1F6FEB),
            new Color(0xB35900), new Color(0x0A3D91));

    private LatencyChart() {
    }

    static void write(String title, Map<String, LatencyStats> series, Path png) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        double maxMillis = series.values().stream().mapToDouble(s -> s.percentileMillis(99)).max().orElse(1) * 1.1;
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;

        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, LEFT, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawRect(LEFT, TOP, plotWidth, plotHeight);
        for (int i = 0; i <= 5; i++) {
            int x = LEFT + plotWidth * i / 5;
            g.drawString(String.format("%.0f ms", maxMillis * i / 5), x - 15, TOP + plotHeight + 20);
            int y = TOP + plotHeight - plotHeight * i / 5;
            g.drawString((i * 20) + "%", LEFT - 40, y + 4);
        }
        g.drawString("login latency (cut at 1.1 x the slowest p99)", LEFT + plotWidth / 2 - 120, HEIGHT - 20);

        int index = 0;
        for (Map.Entry<String, LatencyStats> entry : series.entrySet()) {
            List<Long> sorted = entry.getValue().sorted();
            Color color = COLORS.get(index % COLORS.size());
            g.setColor(color);
            g.setStroke(new BasicStroke(2f));
            int previousX = LEFT;
            int previousY = TOP + plotHeight;
            for (int i = 0; i < sorted.size(); i++) {
                int x = LEFT + (int) Math.min(plotWidth, sorted.get(i) / 1000.0 / maxMillis * plotWidth);
                int y = TOP + plotHeight - (int) ((i + 1) / (double) sorted.size() * plotHeight);
                g.drawLine(previousX, previousY, x, previousY);
                g.drawLine(x, previousY, x, y);
                previousX = x;
                previousY = y;
            }
            int legendY = TOP + 20 + index * 22;
            g.fillRect(WIDTH - RIGHT + 20, legendY - 10, 14, 10);
            g.setColor(Color.BLACK);
            g.drawString(String.format("%s (p50 %.0f ms)", entry.getKey(), entry.getValue().percentileMillis(50)),
                    WIDTH - RIGHT + 40, legendY);
            index++;
        }
        g.dispose();
        try {
            ImageIO.write(image, "png", png.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
